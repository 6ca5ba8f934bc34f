import { type ChildProcess, spawn } from "node:child_process";
import type { Readable, Writable } from "node:stream";

/** A page loaded in headless Chromium, driven over the DevTools protocol. */
export interface BrowserPage {
  /** Evaluates a JavaScript expression in the page and returns its JSON value. */
  evaluate<T>(expression: string): Promise<T>;
  /** Console errors and uncaught exceptions seen since the page started loading. */
  errors: string[];
  close(): Promise<void>;
}

interface Reply {
  id?: number;
  method?: string;
  params?: Record<string, unknown>;
  result?: Record<string, unknown>;
  error?: { message: string };
  sessionId?: string;
}

/**
 * Opens `url` in headless Chromium and resolves once its load event fired. Talks the DevTools
 * protocol over `--remote-debugging-pipe` (NUL-delimited JSON on file descriptors 3 and 4), so a
 * test can click and type in a report without a WebSocket client or a browser driver package.
 */
export async function openPage(chromium: string, url: string, home: string): Promise<BrowserPage> {
  const child = spawn(chromium, ["--headless", "--no-sandbox", "--disable-gpu", "--remote-debugging-pipe"], {
    stdio: ["ignore", "ignore", "ignore", "pipe", "pipe"],
    env: { ...process.env, HOME: home },
  });
  const protocol = new Protocol(child);
  try {
    const { targetId } = await protocol.send("Target.createTarget", { url: "about:blank" });
    const { sessionId } = await protocol.send("Target.attachToTarget", { targetId, flatten: true });
    const session = String(sessionId);
    await protocol.send("Runtime.enable", {}, session);
    await protocol.send("Page.enable", {}, session);
    const loaded = protocol.waitFor("Page.loadEventFired", session);
    await protocol.send("Page.navigate", { url }, session);
    await loaded;
    return {
      errors: protocol.errors,
      async evaluate<T>(expression: string): Promise<T> {
        const reply = await protocol.send("Runtime.evaluate", { expression, returnByValue: true }, session);
        if (reply.exceptionDetails) throw new Error(`page threw: ${JSON.stringify(reply.exceptionDetails)}`);
        return (reply.result as { value: T }).value;
      },
      close: () => protocol.close(),
    };
  } catch (error) {
    await protocol.close();
    throw error;
  }
}

/** Request/reply bookkeeping over the browser's pipe; collects console errors as they arrive. */
class Protocol {
  readonly errors: string[] = [];
  private nextId = 1;
  private buffer = "";
  private readonly pending = new Map<
    number,
    { resolve: (r: Record<string, unknown>) => void; reject: (e: Error) => void }
  >();
  private readonly waiters: { method: string; sessionId: string; resolve: () => void }[] = [];
  private readonly input: Writable;

  constructor(private readonly child: ChildProcess) {
    this.input = child.stdio[3] as Writable;
    const output = child.stdio[4] as Readable;
    output.setEncoding("utf8");
    output.on("data", (text: string) => this.receive(text));
    child.on("exit", () => {
      for (const { reject } of this.pending.values()) reject(new Error("chromium exited"));
      this.pending.clear();
    });
  }

  send(method: string, params: Record<string, unknown>, sessionId?: string): Promise<Record<string, unknown>> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.input.write(`${JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) })}\0`);
    });
  }

  waitFor(method: string, sessionId: string): Promise<void> {
    return new Promise((resolve) => this.waiters.push({ method, sessionId, resolve }));
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      if (this.child.exitCode !== null) return resolve();
      this.child.once("exit", () => resolve());
      this.child.kill();
    });
  }

  private receive(text: string): void {
    this.buffer += text;
    let end = this.buffer.indexOf("\0");
    while (end !== -1) {
      this.dispatch(JSON.parse(this.buffer.slice(0, end)) as Reply);
      this.buffer = this.buffer.slice(end + 1);
      end = this.buffer.indexOf("\0");
    }
  }

  private dispatch(reply: Reply): void {
    if (reply.id !== undefined) {
      const waiting = this.pending.get(reply.id);
      this.pending.delete(reply.id);
      if (reply.error) waiting?.reject(new Error(reply.error.message));
      else waiting?.resolve(reply.result ?? {});
      return;
    }
    if (reply.method === "Runtime.exceptionThrown") this.errors.push(JSON.stringify(reply.params));
    if (reply.method === "Runtime.consoleAPICalled" && reply.params?.type === "error")
      this.errors.push(JSON.stringify(reply.params));
    const index = this.waiters.findIndex((w) => w.method === reply.method && w.sessionId === reply.sessionId);
    if (index !== -1) this.waiters.splice(index, 1)[0]?.resolve();
  }
}
