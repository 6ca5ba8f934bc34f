#!/usr/bin/env node
/**
 * Writes the labelled accuracy corpus under fixtures/accuracy/ and its labels file
 * fixtures/accuracy/labels.json (issue #3, "accuracy is the product").
 *
 * Every secret is synthetic: random characters of the documented alphabet and length, drawn from a
 * seeded PRNG, so running this script again rewrites the same bytes (no network, no clock). The
 * formats come from each provider's own documentation, not from the rules in rules/*.yaml, so the
 * corpus is an independent check of them.
 *
 *   positive/**  realistic files with labelled secrets (and a few unlabelled look-alikes)
 *   negative/**  hard negatives only: any finding there is a false positive
 *   labels.json  [{ file, line, family, format, secretSha256, endLine? }] for every positive, sorted;
 *                `line` is the first line of the secret (the BEGIN line of a PEM block) and
 *                `endLine` is set only for multi-line secrets
 *
 * Usage: node scripts/build-accuracy-corpus.mjs        (prints the corpus counts on stderr)
 */
import { createHash } from "node:crypto";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const OUT = join(ROOT, "fixtures", "accuracy");

// ---------------------------------------------------------------------------------------------
// Seeded randomness

/** sfc32: small, fast, good enough for test data; the seed fixes the whole corpus. */
function sfc32(a, b, c, d) {
  return () => {
    a >>>= 0;
    b >>>= 0;
    c >>>= 0;
    d >>>= 0;
    let t = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    t = (t + d) | 0;
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
}
const random = sfc32(0x5ec2e75c, 0xacc0a7e3, 0x1d2f3b4a, 0x9e3779b9);
for (let i = 0; i < 32; i++) random();

const int = (n) => Math.floor(random() * n);
const between = (lo, hi) => lo + int(hi - lo + 1);
const pick = (items) => items[int(items.length)];

const DIGITS = "0123456789";
const UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
const LOWER = "abcdefghijklmnopqrstuvwxyz";
const ALNUM = DIGITS + UPPER + LOWER;
const BASE62 = ALNUM; // 0-9A-Za-z, the order GitHub's checksum encoding uses
const HEX = "0123456789abcdef";
const HEX_UP = "0123456789ABCDEF";
const UPPER_NUM = UPPER + DIGITS;
const LOWER_NUM = LOWER + DIGITS;
const B64 = ALNUM + "+/";
const B64URL = ALNUM + "-_";
const BASE32 = UPPER + "234567";
const BASE58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
const BECH32 = "QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L";
const PASSWORD = ALNUM + ALNUM + "-_.!*+=~^";
const URL_SAFE_PASSWORD = ALNUM + ALNUM + "-_.~";

/** Substrings that make a value look like a placeholder; no positive secret may contain one. */
const STAND_IN =
  /example|test|dummy|sample|xxxx|fake|changeme|change_me|change-me|your|redacted|placeholder|\*\*\*\*|replace|insert|todo|fixme|demo|1234|abcd|0000|ffff/i;
const RUN = /(.)\1{3}/;
/** Character pairs that read as template syntax (`${`, `{{`, `%(`, `#{`…); no secret may contain one. */
const TEMPLATE_LIKE = /\$\{|\{\{|\}\}|<|>|%\(|\$\(|#\{|\{%/;

/** `length` random characters from `alphabet`, redrawn until free of stand-in words and runs. */
function rand(alphabet, length) {
  for (;;) {
    let text = "";
    for (let i = 0; i < length; i++) text += alphabet[int(alphabet.length)];
    if (!STAND_IN.test(text) && !RUN.test(text)) return text;
  }
}
/** A password-like value: starts with a letter or digit, then letters, digits and a few symbols. */
const password = (n) => rand(ALNUM, 1) + rand(PASSWORD, n - 1);
const digits = (n) => String(between(1, 9)) + rand(DIGITS, n - 1);
const bytes = (n) => Buffer.from(Array.from({ length: n }, () => int(256)));
const b64 = (text) => Buffer.from(text).toString("base64");
const b64url = (text) => Buffer.from(text).toString("base64url");
const sha256 = (text) => createHash("sha256").update(text).digest("hex");
const uuid = () =>
  `${rand(HEX, 8)}-${rand(HEX, 4)}-4${rand(HEX, 3)}-${pick(["8", "9", "a", "b"])}${rand(HEX, 3)}-${rand(HEX, 12)}`;
const word = () =>
  pick([
    "orion",
    "atlas",
    "kepler",
    "nimbus",
    "quartz",
    "harbor",
    "cobalt",
    "falcon",
    "juniper",
    "meridian",
    "onyx",
    "pioneer",
    "sierra",
    "tundra",
    "vertex",
    "willow",
    "zephyr",
    "ember",
    "lumen",
    "raven",
  ]);
const user = () =>
  pick([
    "deploy",
    "svc_billing",
    "app",
    "ci-bot",
    "admin",
    "reporting",
    "etl",
    "webapp",
    "orders_rw",
    "analytics",
    "backup",
    "grafana",
    "jenkins",
    "release",
  ]);
const host = () =>
  `${word()}-${pick(["db", "cache", "mq", "api", "primary", "replica"])}.${pick(["internal", "prod.corp", "svc.cluster.local", "eu-west-1.rds.amazonaws.com", "acme.io"])}`;

// ---------------------------------------------------------------------------------------------
// Checksummed tokens (GitHub and npm): last 6 chars = base62 CRC-32 of the 30 random chars

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(text) {
  let crc = 0xffffffff;
  for (const byte of Buffer.from(text)) crc = CRC_TABLE[(crc ^ byte) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}
function base62(value, width) {
  let out = "";
  do {
    out = BASE62[value % 62] + out;
    value = Math.floor(value / 62);
  } while (value > 0);
  return out.padStart(width, "0");
}
function checksummed(prefix) {
  const body = rand(ALNUM, 30);
  return `${prefix}${body}${base62(crc32(body), 6)}`;
}

// Grafana service account tokens (pkg/components/satokengen): glsa_ + 32 alphanumerics + "_" + the
// CRC-32 of everything before that underscore, as little-endian bytes in hex.
function grafanaToken() {
  for (;;) {
    const body = `glsa_${rand(ALNUM, 32)}`;
    rand(HEX, 8); // the draw the random-hex checksum used to take, so later secrets stay the same
    const token = `${body}_${grafanaCrc(body)}`;
    if (!STAND_IN.test(token) && !RUN.test(token)) return token;
  }
}
function grafanaCrc(body) {
  const littleEndian = Buffer.alloc(4);
  littleEndian.writeUInt32LE(crc32(body));
  return littleEndian.toString("hex");
}

// age identities (age-encryption.org/v1): Bech32 (BIP-173) with the HRP "age-secret-key-", printed in
// upper case. 32 key bytes are 52 data characters (the last holds one key bit and four zero bits),
// then a 6-character checksum.
const BECH32_GENERATOR = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3];
function bech32Checksum(hrp, words) {
  let chk = 1;
  const codes = [...hrp].map((c) => c.charCodeAt(0));
  for (const value of [...codes.map((c) => c >> 5), 0, ...codes.map((c) => c & 31), ...words, 0, 0, 0, 0, 0, 0]) {
    const top = chk >>> 25;
    chk = (((chk & 0x1ffffff) << 5) ^ value) >>> 0;
    for (let i = 0; i < 5; i++) if ((top >>> i) & 1) chk = (chk ^ BECH32_GENERATOR[i]) >>> 0;
  }
  return Array.from({ length: 6 }, (_, p) => ((chk ^ 1) >>> (5 * (5 - p))) & 31);
}
/** 58 random Bech32 characters drawn as before, turned into key bytes' worth of data plus a valid checksum. */
function ageKey() {
  for (;;) {
    const words = [...rand(BECH32, 58).slice(0, 52)].map((c) => BECH32.indexOf(c));
    words[51] &= 16;
    const key =
      "AGE-SECRET-KEY-1" + [...words, ...bech32Checksum("age-secret-key-", words)].map((w) => BECH32[w]).join("");
    if (!STAND_IN.test(key) && !RUN.test(key)) return key;
  }
}

// GitLab routable tokens (lib/authn/token_field/generator/routable_token.rb): prefix, base64url of
// 16 random bytes + routing payload + its length byte, ".01.", the base36 payload length, then the
// zlib CRC-32 of all of that in base36, zero-padded to 7.
function gitlabRoutable(prefix) {
  const routing = `c:1\no:${between(1, 400).toString(36)}\nu:${between(1, 99999).toString(36)}`;
  const payload = Buffer.concat([bytes(16), Buffer.from(routing), Buffer.from([routing.length])]).toString("base64url");
  const body = `${prefix}${payload}.01.${payload.length.toString(36).padStart(2, "0")}`;
  return body + crc32(body).toString(36).padStart(7, "0");
}

// ---------------------------------------------------------------------------------------------
// Private key material (synthetic bodies with the right DER prefixes, wrapped at 64 or 70 chars)

function wrap(text, width) {
  const lines = [];
  for (let i = 0; i < text.length; i += width) lines.push(text.slice(i, i + width));
  return lines.join("\n");
}
function pem(label, derPrefix, bodyLength, headers = "") {
  const body = derPrefix + rand(B64, bodyLength - derPrefix.length);
  return `-----BEGIN ${label}-----\n${headers}${wrap(body, 64)}\n-----END ${label}-----`;
}
const PEM_KINDS = {
  "rsa-private-key": () => pem("RSA PRIVATE KEY", "MIIEpAIBAAKCAQEA", 1588),
  "rsa-private-key-encrypted": () =>
    pem("RSA PRIVATE KEY", "", 1624, `Proc-Type: 4,ENCRYPTED\nDEK-Info: AES-256-CBC,${rand(HEX_UP, 32)}\n\n`),
  "ec-private-key": () => pem("EC PRIVATE KEY", "MHcCAQEEI", 164),
  "dsa-private-key": () => pem("DSA PRIVATE KEY", "MIIBuwIBAAKBgQ", 628),
  "pkcs8-private-key": () => pem("PRIVATE KEY", "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQ", 1624),
  "pkcs8-encrypted-private-key": () =>
    pem("ENCRYPTED PRIVATE KEY", "MIIFHDBOBgkqhkiG9w0BBQ0wQTApBgkqhkiG9w0BBQwwHAQI", 1752),
  "openssh-private-key": () => {
    const body =
      "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW" + "QyNTUxOQAAACA" + rand(B64, 320);
    return `-----BEGIN OPENSSH PRIVATE KEY-----\n${wrap(body, 70)}\n-----END OPENSSH PRIVATE KEY-----`;
  },
  "pgp-private-key-block": () => {
    const body = "lQdGBG" + rand(B64, 1290);
    return `-----BEGIN PGP PRIVATE KEY BLOCK-----\n\n${wrap(body, 64)}\n=${rand(B64, 4)}\n-----END PGP PRIVATE KEY BLOCK-----`;
  },
  "putty-ppk": () => {
    const pub = "AAAAC3NzaC1lZDI1NTE5AAAAI" + rand(B64, 43);
    return [
      "PuTTY-User-Key-File-3: ssh-ed25519",
      "Encryption: none",
      `Comment: ${user()}@${word()}`,
      "Public-Lines: 2",
      ...wrap(pub, 64).split("\n"),
      "Private-Lines: 1",
      "AAAAI" + rand(B64, 43),
      `Private-MAC: ${rand(HEX, 64)}`,
    ].join("\n");
  },
};

function jwt(payload, alg = "HS256") {
  const header = b64url(JSON.stringify({ alg, typ: "JWT" }));
  const signature = rand(B64URL, alg === "HS256" ? 43 : 342);
  return `${header}.${b64url(JSON.stringify(payload))}.${signature}`;
}
const epoch = () => 1700000000 + int(40000000);

// ---------------------------------------------------------------------------------------------
// Formats: family, format, conventional variable name, shape, generator

/**
 * shape "value": a one-line value placed in assignments of any language.
 * shape "block": multi-line text (PEM and friends), placed in key files, YAML block scalars, JSON.
 * A generator returns the secret, or { secret, value } when the text in the file is larger than
 * the secret (a URL around a password, say).
 */
const FORMATS = [];
function format(family, name, env, generate, { shape = "value", count = 3 } = {}) {
  FORMATS.push({ family, format: name, env, generate, shape, count });
}

// AWS — the key id and its secret travel together (see instancesOf)
format("aws", "aws-access-key-id", "AWS_ACCESS_KEY_ID", () => "AKIA" + rand(BASE32, 16), { count: 8 });
format("aws", "aws-secret-access-key", "AWS_SECRET_ACCESS_KEY", () => rand(B64, 40), { count: 0 });
format("aws", "aws-temporary-access-key-id", "AWS_ACCESS_KEY_ID", () => "ASIA" + rand(BASE32, 16), { count: 2 });
format("aws", "aws-session-token", "AWS_SESSION_TOKEN", () => "IQoJb3JpZ2luX2Vj" + rand(B64, 360), { count: 2 });

// GitHub
for (const [prefix, name] of [
  ["ghp_", "github-classic-pat"],
  ["gho_", "github-oauth-token"],
  ["ghu_", "github-user-to-server-token"],
  ["ghs_", "github-server-to-server-token"],
  ["ghr_", "github-refresh-token"],
]) {
  format(
    "github",
    name,
    name === "github-classic-pat" ? "GITHUB_TOKEN" : "GH_" + name.split("-")[1].toUpperCase() + "_TOKEN",
    () => checksummed(prefix),
    { count: name === "github-classic-pat" ? 8 : 4 },
  );
}
format(
  "github",
  "github-fine-grained-pat",
  "GITHUB_PAT",
  () => `github_pat_11${rand(UPPER_NUM, 20)}_${rand(ALNUM, 59)}`,
  { count: 5 },
);

// GitLab
format("gitlab", "gitlab-pat", "GITLAB_TOKEN", () => "glpat-" + rand(B64URL.replace("_", ""), 20), { count: 5 });
format("gitlab", "gitlab-deploy-token", "GITLAB_DEPLOY_TOKEN", () => "gldt-" + rand(ALNUM, 20));
format("gitlab", "gitlab-runner-token", "CI_RUNNER_TOKEN", () => "glrt-" + rand(ALNUM, 20));
format("gitlab", "gitlab-pipeline-trigger-token", "GITLAB_TRIGGER_TOKEN", () => "glptt-" + rand(HEX, 40));
format("gitlab", "gitlab-feed-token", "GITLAB_FEED_TOKEN", () => "glft-" + rand(ALNUM, 20));
format("gitlab", "gitlab-oauth-app-secret", "GITLAB_OAUTH_SECRET", () => "gloas-" + rand(HEX, 64));
format("gitlab", "gitlab-runner-registration-token", "RUNNER_REGISTRATION_TOKEN", () => "GR1348941" + rand(ALNUM, 20));
format("gitlab", "gitlab-agent-token", "GITLAB_AGENT_TOKEN", () => "glagent-" + rand(ALNUM, 50));
format("gitlab", "gitlab-scim-token", "GITLAB_SCIM_TOKEN", () => "glsoat-" + rand(ALNUM, 20));

// Slack
format("slack", "slack-bot-token", "SLACK_BOT_TOKEN", () => `xoxb-${digits(12)}-${digits(13)}-${rand(ALNUM, 24)}`, {
  count: 6,
});
format(
  "slack",
  "slack-user-token",
  "SLACK_USER_TOKEN",
  () => `xoxp-${digits(12)}-${digits(12)}-${digits(13)}-${rand(HEX, 32)}`,
  { count: 4 },
);
format(
  "slack",
  "slack-app-token",
  "SLACK_APP_TOKEN",
  () => `xapp-1-A${rand(UPPER_NUM, 10)}-${digits(13)}-${rand(HEX, 64)}`,
);
format("slack", "slack-config-token", "SLACK_CONFIG_TOKEN", () => `xoxe.xoxp-1-${rand(ALNUM, 140)}`);
format(
  "slack",
  "slack-webhook-url",
  "SLACK_WEBHOOK_URL",
  () => `https://hooks.slack.com/services/T${rand(UPPER_NUM, 10)}/B${rand(UPPER_NUM, 10)}/${rand(ALNUM, 24)}`,
  { count: 5 },
);
format(
  "slack",
  "slack-workflow-webhook-url",
  "SLACK_WORKFLOW_URL",
  () =>
    `https://hooks.slack.com/workflows/T${rand(UPPER_NUM, 10)}/A${rand(UPPER_NUM, 10)}/${digits(18)}/${rand(ALNUM, 24)}`,
);

// Stripe
format("stripe", "stripe-secret-key", "STRIPE_SECRET_KEY", () => "sk_live_" + rand(ALNUM, 99), { count: 5 });
format("stripe", "stripe-restricted-key", "STRIPE_RESTRICTED_KEY", () => "rk_live_" + rand(ALNUM, 99));
format("stripe", "stripe-webhook-secret", "STRIPE_WEBHOOK_SECRET", () => "whsec_" + rand(ALNUM, 32), { count: 4 });

// Google
format("google", "google-api-key", "GOOGLE_API_KEY", () => "AIza" + rand(B64URL, 35), { count: 6 });
format("google", "google-oauth-client-secret", "GOOGLE_CLIENT_SECRET", () => "GOCSPX-" + rand(B64URL, 28));
format("google", "google-oauth-access-token", "GOOGLE_ACCESS_TOKEN", () => "ya29." + rand(B64URL, 160));
format("google", "google-oauth-refresh-token", "GOOGLE_REFRESH_TOKEN", () => "1//0" + rand(B64URL, 99));
format(
  "google",
  "firebase-cloud-messaging-server-key",
  "FCM_SERVER_KEY",
  () => `AAAA${rand(ALNUM, 7)}:APA91b${rand(B64URL, 134)}`,
);

// AI providers
format(
  "openai",
  "openai-project-key",
  "OPENAI_API_KEY",
  () => `sk-proj-${rand(B64URL, 74)}T3BlbkFJ${rand(B64URL, 74)}`,
  { count: 6 },
);
format("openai", "openai-legacy-key", "OPENAI_API_KEY", () => `sk-${rand(ALNUM, 20)}T3BlbkFJ${rand(ALNUM, 20)}`, {
  count: 4,
});
format(
  "openai",
  "openai-service-account-key",
  "OPENAI_API_KEY",
  () => `sk-svcacct-${rand(B64URL, 74)}T3BlbkFJ${rand(B64URL, 74)}`,
);
format(
  "openai",
  "openai-admin-key",
  "OPENAI_ADMIN_KEY",
  () => `sk-admin-${rand(B64URL, 74)}T3BlbkFJ${rand(B64URL, 74)}`,
);
format("anthropic", "anthropic-api-key", "ANTHROPIC_API_KEY", () => `sk-ant-api03-${rand(B64URL, 93)}AA`, { count: 6 });
format("anthropic", "anthropic-admin-key", "ANTHROPIC_ADMIN_KEY", () => `sk-ant-admin01-${rand(B64URL, 93)}AA`);
format("huggingface", "huggingface-access-token", "HF_TOKEN", () => "hf_" + rand(UPPER + LOWER, 34), { count: 5 });
format("huggingface", "huggingface-org-token", "HUGGINGFACE_ORG_TOKEN", () => "api_org_" + rand(UPPER + LOWER, 34));
format("groq", "groq-api-key", "GROQ_API_KEY", () => "gsk_" + rand(ALNUM, 52));
format("replicate", "replicate-api-token", "REPLICATE_API_TOKEN", () => "r8_" + rand(ALNUM, 37));
format("perplexity", "perplexity-api-key", "PERPLEXITY_API_KEY", () => "pplx-" + rand(ALNUM, 48));
format("xai", "xai-api-key", "XAI_API_KEY", () => "xai-" + rand(ALNUM, 80));
format("langsmith", "langsmith-personal-token", "LANGSMITH_API_KEY", () => `lsv2_pt_${rand(HEX, 32)}_${rand(HEX, 10)}`);

// Email, messaging and communications
format("sendgrid", "sendgrid-api-key", "SENDGRID_API_KEY", () => `SG.${rand(B64URL, 22)}.${rand(B64URL, 43)}`, {
  count: 5,
});
format("twilio", "twilio-api-key", "TWILIO_API_KEY", () => "SK" + rand(HEX, 32));
format("twilio", "twilio-auth-token", "TWILIO_AUTH_TOKEN", () => rand(HEX, 32), { count: 4 });
format("mailgun", "mailgun-api-key", "MAILGUN_API_KEY", () => "key-" + rand(HEX, 32));
format("mailchimp", "mailchimp-api-key", "MAILCHIMP_API_KEY", () => `${rand(HEX, 32)}-us${between(2, 21)}`);
format(
  "discord",
  "discord-bot-token",
  "DISCORD_BOT_TOKEN",
  () => `${b64(digits(18)).replace(/=+$/, "")}.${rand(B64URL, 6)}.${rand(B64URL, 38)}`,
);
format(
  "discord",
  "discord-webhook-url",
  "DISCORD_WEBHOOK_URL",
  () => `https://discord.com/api/webhooks/${digits(19)}/${rand(B64URL, 68)}`,
);
format("telegram", "telegram-bot-token", "TELEGRAM_BOT_TOKEN", () => `${digits(10)}:AA${rand(B64URL, 33)}`, {
  count: 4,
});
format(
  "microsoft",
  "teams-incoming-webhook-url",
  "TEAMS_WEBHOOK_URL",
  () =>
    `https://${word()}corp.webhook.office.com/webhookb2/${uuid()}@${uuid()}/IncomingWebhook/${rand(HEX, 32)}/${uuid()}`,
);

// Package registries and developer tools
format("npm", "npm-access-token", "NPM_TOKEN", () => checksummed("npm_"), { count: 6 });
format("pypi", "pypi-upload-token", "PYPI_TOKEN", () => "pypi-AgEIcHlwaS5vcmc" + rand(B64URL, 160), { count: 4 });
format("pypi", "testpypi-upload-token", "TWINE_PASSWORD", () => "pypi-AgENdGVzdC5weXBpLm9yZw" + rand(B64URL, 160));
format("docker", "docker-hub-pat", "DOCKERHUB_TOKEN", () => "dckr_pat_" + rand(B64URL, 27), { count: 4 });
format("docker", "docker-hub-org-access-token", "DOCKER_ORG_TOKEN", () => "dckr_oat_" + rand(B64URL, 32));
format("rubygems", "rubygems-api-key", "GEM_HOST_API_KEY", () => "rubygems_" + rand(HEX, 48));
format("nuget", "nuget-api-key", "NUGET_API_KEY", () => "oy2" + rand(LOWER_NUM, 43));
format("jfrog", "jfrog-api-key", "ARTIFACTORY_API_KEY", () => "AKCp" + rand(ALNUM, 69));
format("jfrog", "jfrog-reference-token", "JFROG_ACCESS_TOKEN", () => "cmVmdGtuOjAxOj" + rand(ALNUM, 50));
format("circleci", "circleci-personal-token", "CIRCLECI_TOKEN", () => `CCIPAT_${rand(BASE58, 22)}_${rand(HEX, 40)}`);
format(
  "circleci",
  "circleci-project-token",
  "CIRCLE_PROJECT_TOKEN",
  () => `CCIPRJ_${rand(BASE58, 22)}_${rand(HEX, 40)}`,
);
format("buildkite", "buildkite-agent-token", "BUILDKITE_API_TOKEN", () => "bkua_" + rand(HEX, 40));
format("sonar", "sonarqube-user-token", "SONAR_TOKEN", () => "squ_" + rand(HEX, 40));
format("sonar", "sonarqube-project-token", "SONAR_TOKEN", () => "sqp_" + rand(HEX, 40));
format("sonar", "sonarqube-global-token", "SONAR_TOKEN", () => "sqa_" + rand(HEX, 40));
format("bitbucket", "bitbucket-app-password", "BITBUCKET_APP_PASSWORD", () => "ATBB" + rand(ALNUM, 32));
format(
  "atlassian",
  "atlassian-api-token",
  "JIRA_API_TOKEN",
  () => `ATATT3xFfGF0${rand(B64URL, 171)}=${rand(HEX_UP, 8)}`,
  { count: 4 },
);
format("postman", "postman-api-key", "POSTMAN_API_KEY", () => `PMAK-${rand(HEX, 24)}-${rand(HEX, 34)}`);
format("linear", "linear-api-key", "LINEAR_API_KEY", () => "lin_api_" + rand(ALNUM, 40));
format("linear", "linear-oauth-token", "LINEAR_OAUTH_TOKEN", () => "lin_oauth_" + rand(HEX, 64));
format("notion", "notion-integration-token", "NOTION_TOKEN", () => `ntn_${digits(11)}${rand(ALNUM, 35)}`);
format("notion", "notion-legacy-integration-secret", "NOTION_API_KEY", () => "secret_" + rand(ALNUM, 43));
format("figma", "figma-personal-token", "FIGMA_TOKEN", () => `figd_${rand(B64URL, 40)}`);
format("airtable", "airtable-personal-token", "AIRTABLE_TOKEN", () => `pat${rand(ALNUM, 14)}.${rand(HEX, 64)}`);
format("contentful", "contentful-management-token", "CONTENTFUL_MANAGEMENT_TOKEN", () => "CFPAT-" + rand(B64URL, 43));
format("readme", "readme-api-key", "README_API_KEY", () => "rdme_" + rand(HEX, 70));
format("prefect", "prefect-api-key", "PREFECT_API_KEY", () => "pnu_" + rand(ALNUM, 36));
format("dropbox", "dropbox-access-token", "DROPBOX_ACCESS_TOKEN", () => "sl." + rand(B64URL, 136));
format(
  "mapbox",
  "mapbox-secret-token",
  "MAPBOX_SECRET_TOKEN",
  () => `sk.${b64url(JSON.stringify({ u: word() + word(), a: rand(LOWER_NUM, 25) }))}.${rand(B64URL, 22)}`,
);
format("tailscale", "tailscale-auth-key", "TS_AUTHKEY", () => `tskey-auth-k${rand(ALNUM, 11)}CNTRL-${rand(ALNUM, 33)}`);
format(
  "tailscale",
  "tailscale-api-key",
  "TAILSCALE_API_KEY",
  () => `tskey-api-k${rand(ALNUM, 11)}CNTRL-${rand(ALNUM, 33)}`,
);

// Cloud and hosting
format(
  "azure",
  "azure-storage-account-key",
  "AZURE_STORAGE_CONNECTION_STRING",
  () => {
    const key = rand(B64, 86) + "==";
    return {
      secret: key,
      value: `DefaultEndpointsProtocol=https;AccountName=${word()}store${rand(LOWER_NUM, 4)};AccountKey=${key};EndpointSuffix=core.windows.net`,
    };
  },
  { count: 4 },
);
format(
  "azure",
  "azure-ad-client-secret",
  "AZURE_CLIENT_SECRET",
  () => `${rand(ALNUM, 3)}8Q~${rand(ALNUM + "_.-", 34)}`,
  { count: 4 },
);
format("azure", "azure-sas-token", "AZURE_SAS_URL", () => {
  const sig = encodeURIComponent(rand(B64, 43) + "=");
  return {
    secret: sig,
    value: `https://${word()}data.blob.core.windows.net/exports?sv=2022-11-02&ss=b&srt=co&sp=rl&se=2026-03-01T00:00:00Z&spr=https&sig=${sig}`,
  };
});
format("azure", "azure-devops-pat", "AZURE_DEVOPS_PAT", () => rand(LOWER + "234567", 52));
format("digitalocean", "digitalocean-pat", "DIGITALOCEAN_TOKEN", () => "dop_v1_" + rand(HEX, 64), { count: 4 });
format("digitalocean", "digitalocean-oauth-token", "DO_OAUTH_TOKEN", () => "doo_v1_" + rand(HEX, 64));
format("digitalocean", "digitalocean-refresh-token", "DO_REFRESH_TOKEN", () => "dor_v1_" + rand(HEX, 64));
format("hashicorp", "vault-service-token", "VAULT_TOKEN", () => "hvs.CAESI" + rand(B64URL, 86), { count: 4 });
format("hashicorp", "vault-batch-token", "VAULT_TOKEN", () => "hvb.AAAAAQ" + rand(B64URL, 128));
format("hashicorp", "terraform-cloud-token", "TFE_TOKEN", () => `${rand(ALNUM, 14)}.atlasv1.${rand(ALNUM, 67)}`, {
  count: 4,
});
format("doppler", "doppler-personal-token", "DOPPLER_TOKEN", () => "dp.pt." + rand(ALNUM, 43), { count: 4 });
format("doppler", "doppler-service-token", "DOPPLER_TOKEN", () => "dp.st.prd." + rand(ALNUM, 40));
format("doppler", "doppler-cli-token", "DOPPLER_TOKEN", () => "dp.ct." + rand(ALNUM, 43));
format("doppler", "doppler-service-account-token", "DOPPLER_TOKEN", () => "dp.sa." + rand(ALNUM, 43));
format("heroku", "heroku-api-key", "HEROKU_API_KEY", () => "HRKU-AA" + rand(B64URL, 58));
format("netlify", "netlify-pat", "NETLIFY_AUTH_TOKEN", () => "nfp_" + rand(ALNUM, 36));
format("supabase", "supabase-management-token", "SUPABASE_ACCESS_TOKEN", () => "sbp_" + rand(HEX, 40));
format("supabase", "supabase-service-role-jwt", "SUPABASE_SERVICE_ROLE_KEY", () =>
  jwt({ iss: "supabase", ref: rand(LOWER, 20), role: "service_role", iat: 1710000000, exp: 2025000000 }),
);
format("planetscale", "planetscale-service-token", "PLANETSCALE_SERVICE_TOKEN", () => "pscale_tkn_" + rand(B64URL, 43));
format("planetscale", "planetscale-password", "PLANETSCALE_DB_PASSWORD", () => "pscale_pw_" + rand(B64URL, 43));
format("pulumi", "pulumi-access-token", "PULUMI_ACCESS_TOKEN", () => "pul-" + rand(HEX, 40));
format("render", "render-api-key", "RENDER_API_KEY", () => "rnd_" + rand(ALNUM, 32));
format("flyio", "flyio-macaroon", "FLY_API_TOKEN", () => `FlyV1 fm2_${rand(B64, 300)}`);
format("alibaba", "alibaba-access-key-id", "ALIBABA_CLOUD_ACCESS_KEY_ID", () => "LTAI" + rand(ALNUM, 20));
format("scaleway", "scaleway-access-key", "SCW_ACCESS_KEY", () => "SCW" + rand(UPPER_NUM, 17));
format("databricks", "databricks-pat", "DATABRICKS_TOKEN", () => "dapi" + rand(HEX, 32), { count: 4 });
format("databricks", "databricks-oauth-secret", "DATABRICKS_CLIENT_SECRET", () => "dose" + rand(HEX, 32));
format("cloudflare", "cloudflare-origin-ca-key", "CF_ORIGIN_CA_KEY", () => `v1.0-${rand(HEX, 24)}-${rand(HEX, 146)}`);
format("shopify", "shopify-admin-token", "SHOPIFY_ACCESS_TOKEN", () => "shpat_" + rand(HEX, 32), { count: 4 });
format("shopify", "shopify-custom-app-token", "SHOPIFY_CUSTOM_APP_TOKEN", () => "shpca_" + rand(HEX, 32));
format("shopify", "shopify-private-app-token", "SHOPIFY_PRIVATE_APP_PASSWORD", () => "shppa_" + rand(HEX, 32));
format("shopify", "shopify-shared-secret", "SHOPIFY_API_SECRET", () => "shpss_" + rand(HEX, 32));
format("newrelic", "newrelic-user-api-key", "NEW_RELIC_API_KEY", () => "NRAK-" + rand(UPPER_NUM, 27), { count: 4 });
format("newrelic", "newrelic-insights-insert-key", "NEW_RELIC_INSERT_KEY", () => "NRII-" + rand(B64URL, 32));
format("newrelic", "newrelic-license-key", "NEW_RELIC_LICENSE_KEY", () => rand(HEX, 36) + "NRAL");
format(
  "sentry",
  "sentry-org-auth-token",
  "SENTRY_AUTH_TOKEN",
  () =>
    `sntrys_${b64(JSON.stringify({ iat: epoch() + 0.5, url: "https://sentry.io", region_url: "https://us.sentry.io", org: word() })).replace(/=+$/, "")}_${rand(B64, 43)}`,
  { count: 4 },
);
format("sentry", "sentry-user-auth-token", "SENTRY_AUTH_TOKEN", () => "sntryu_" + rand(HEX, 64));
format("grafana", "grafana-service-account-token", "GRAFANA_TOKEN", grafanaToken, { count: 4 });
format(
  "grafana",
  "grafana-cloud-token",
  "GRAFANA_CLOUD_TOKEN",
  () =>
    "glc_" +
    b64(
      JSON.stringify({ o: digits(6), n: `${word()}-${word()}`, k: rand(ALNUM, 24), m: { r: "prod-us-east-0" } }),
    ).replace(/=+$/, ""),
);
format("datadog", "datadog-api-key", "DATADOG_API_KEY", () => rand(HEX, 32), { count: 3 });
format("datadog", "datadog-app-key", "DATADOG_APP_KEY", () => rand(HEX, 40));
format(
  "dynatrace",
  "dynatrace-api-token",
  "DT_API_TOKEN",
  () => `dt0c01.${rand(UPPER_NUM, 24)}.${rand(UPPER_NUM, 64)}`,
);
format("okta", "okta-api-token", "OKTA_API_TOKEN", () => "00" + rand(B64URL, 40));
format("age", "age-secret-key", "SOPS_AGE_KEY", ageKey, { count: 4 });

// Payments
format("square", "square-access-token", "SQUARE_ACCESS_TOKEN", () => "EAAA" + rand(B64URL, 60));
format("square", "square-oauth-secret", "SQUARE_APP_SECRET", () => "sq0csp-" + rand(B64URL, 43));
format(
  "paypal",
  "braintree-access-token",
  "BRAINTREE_ACCESS_TOKEN",
  () => `access_token$production$${rand(LOWER_NUM, 16)}$${rand(HEX, 32)}`,
);
format("flutterwave", "flutterwave-secret-key", "FLW_SECRET_KEY", () => `FLWSECK-${rand(HEX, 32)}-X`);
format("razorpay", "razorpay-key-secret", "RAZORPAY_KEY_SECRET", () => rand(ALNUM, 24));
format("mollie", "mollie-live-api-key", "MOLLIE_API_KEY", () => "live_" + rand(ALNUM, 30));
format("gocardless", "gocardless-live-token", "GOCARDLESS_ACCESS_TOKEN", () => "live_" + rand(B64URL, 40));
format("plaid", "plaid-access-token", "PLAID_ACCESS_TOKEN", () => "access-production-" + uuid());
format("shippo", "shippo-live-token", "SHIPPO_API_TOKEN", () => "shippo_live_" + rand(HEX, 40));
format("duffel", "duffel-live-token", "DUFFEL_ACCESS_TOKEN", () => "duffel_live_" + rand(B64URL, 43));
format("easypost", "easypost-api-key", "EASYPOST_API_KEY", () => "EZAK" + rand(ALNUM, 54));
format(
  "onepassword",
  "onepassword-service-account-token",
  "OP_SERVICE_ACCOUNT_TOKEN",
  () =>
    "ops_" +
    b64url(
      JSON.stringify({
        signInAddress: `${word()}.1password.com`,
        userAuth: { method: "SRPg-4096", alg: "PBES2g-HS256", iterations: 650000, salt: rand(B64URL, 22) },
        email: `${rand(LOWER, 13)}@1passwordserviceaccounts.com`,
        srpX: rand(HEX, 64),
        muk: { alg: "A256GCM", ext: true, k: rand(B64URL, 43), key_ops: ["encrypt", "decrypt"], kty: "oct", kid: "mp" },
        secretKey: `A3-${rand(UPPER_NUM, 6)}-${rand(UPPER_NUM, 6)}`,
        throttleSecret: { seed: rand(HEX, 64), uuid: rand(UPPER_NUM, 26) },
        deviceUuid: rand(LOWER_NUM, 26),
      }),
    ),
);

// JWTs and bearer tokens
format(
  "jwt",
  "jwt-hs256",
  "JWT_TOKEN",
  () =>
    jwt({
      sub: uuid(),
      name: `${word()} ${word()}`,
      role: pick(["admin", "service", "operator"]),
      iat: epoch(),
      exp: 1900000000 + int(100000000),
    }),
  { count: 5 },
);
format(
  "jwt",
  "jwt-rs256",
  "ID_TOKEN",
  () =>
    jwt(
      {
        iss: `https://auth.${word()}.io/`,
        sub: `auth0|${rand(HEX, 24)}`,
        aud: rand(ALNUM, 32),
        iat: epoch(),
        exp: 1900000000 + int(100000000),
      },
      "RS256",
    ),
  { count: 3 },
);
format(
  "generic",
  "authorization-bearer-header",
  "AUTH_HEADER",
  () => {
    const token = rand(B64URL, 48);
    return { secret: token, value: `Bearer ${token}` };
  },
  { count: 5 },
);
format(
  "generic",
  "authorization-basic-header",
  "AUTH_HEADER",
  () => {
    const token = b64(`${user()}:${password(18)}`);
    return { secret: token, value: `Basic ${token}` };
  },
  { count: 3 },
);

// Connection strings and URLs with credentials
const urlCred =
  (scheme, port, path, extra = "") =>
  () => {
    const password = rand(URL_SAFE_PASSWORD, between(16, 28));
    return {
      secret: password,
      value: `${scheme}://${user()}:${password}@${host()}${port ? ":" + port : ""}${path}${extra}`,
    };
  };
format("database", "postgres-url", "DATABASE_URL", urlCred("postgresql", 5432, "/orders", "?sslmode=require"), {
  count: 6,
});
format("database", "postgres-url-short-scheme", "DATABASE_URL", urlCred("postgres", 5432, "/app"));
format("database", "mysql-url", "MYSQL_URL", urlCred("mysql", 3306, "/shop"), { count: 4 });
format(
  "database",
  "mongodb-srv-url",
  "MONGODB_URI",
  () => {
    const password = rand(URL_SAFE_PASSWORD, 24);
    return {
      secret: password,
      value: `mongodb+srv://${user()}:${password}@cluster0.${rand(LOWER_NUM, 5)}.mongodb.net/${word()}?retryWrites=true&w=majority`,
    };
  },
  { count: 4 },
);
format("database", "mongodb-url", "MONGO_URL", urlCred("mongodb", 27017, "/events", "?authSource=admin"));
format(
  "database",
  "redis-url",
  "REDIS_URL",
  () => {
    const password = rand(URL_SAFE_PASSWORD, 32);
    return { secret: password, value: `${pick(["redis", "rediss"])}://default:${password}@${host()}:6379/0` };
  },
  { count: 4 },
);
format("database", "amqp-url", "AMQP_URL", urlCred("amqps", 5671, "/prod"));
format("database", "jdbc-postgres-url", "JDBC_URL", () => {
  const password = rand(URL_SAFE_PASSWORD, 20);
  return {
    secret: password,
    value: `jdbc:postgresql://${host()}:5432/ledger?user=${user()}&password=${password}&ssl=true`,
  };
});
format("database", "jdbc-mysql-url", "SPRING_DATASOURCE_URL", () => {
  const password = rand(URL_SAFE_PASSWORD, 20);
  return { secret: password, value: `jdbc:mysql://${host()}:3306/inventory?user=${user()}&password=${password}` };
});
format(
  "database",
  "mssql-connection-string",
  "SQLSERVER_CONNECTION",
  () => {
    const password = rand(URL_SAFE_PASSWORD, 20);
    return {
      secret: password,
      value: `Server=tcp:${word()}-sql.database.windows.net,1433;Initial Catalog=${word()};User ID=${user()};Password=${password};Encrypt=True;`,
    };
  },
  { count: 4 },
);
format("url-credentials", "https-url-with-password", "UPSTREAM_URL", urlCred("https", 0, "/api/v2/"), { count: 4 });
format("url-credentials", "ftp-url-with-password", "FTP_URL", urlCred("ftp", 21, "/incoming/"));
format("url-credentials", "smtp-url-with-password", "SMTP_URL", urlCred("smtps", 465, ""));
format(
  "url-credentials",
  "percent-encoded-password-url",
  "DATABASE_URL",
  () => {
    const raw = `${rand(ALNUM, 8)}@${rand(ALNUM, 6)}#${rand(ALNUM, 7)}/${rand(ALNUM, 5)}`;
    return { secret: raw, value: `postgresql://${user()}:${encodeURIComponent(raw)}@${host()}:5432/crm` };
  },
  { count: 3 },
);

// Framework secrets and generic assignments
format(
  "django",
  "django-secret-key",
  "SECRET_KEY",
  () => "django-insecure-" + rand(LOWER_NUM + "!@#%^&*(-_=+)", 50).replace(/\*{4}/g, "*a*b"),
  { count: 3 },
);
format("django", "django-secret-key-plain", "DJANGO_SECRET_KEY", () => rand(LOWER_NUM + "!@%^&(-_=+)", 50));
format("rails", "rails-secret-key-base", "SECRET_KEY_BASE", () => rand(HEX, 128), { count: 3 });
format("laravel", "laravel-app-key", "APP_KEY", () => "base64:" + bytes(32).toString("base64"), { count: 3 });
format("generic", "generic-password", "DB_PASSWORD", () => password(between(14, 24)), { count: 10 });
format(
  "generic",
  "generic-password-passphrase",
  "ADMIN_PASSWORD",
  () =>
    `${pick(["Kestrel", "Marlin", "Osprey", "Tamarind", "Quokka", "Bramble"])}-${pick(["Velvet", "Granite", "Saffron", "Copper", "Lantern"])}-${between(21, 97)}${pick(["!", "#", "%", "+"])}${rand(ALNUM, 3)}`,
  { count: 4 },
);
format("generic", "generic-api-key", "API_KEY", () => rand(ALNUM, between(32, 40)), { count: 8 });
format("generic", "generic-client-secret", "CLIENT_SECRET", () => rand(B64URL, 40), { count: 6 });
format("generic", "generic-secret-token", "SECRET_TOKEN", () => rand(HEX, 64), { count: 5 });
format("generic", "generic-access-token", "ACCESS_TOKEN", () => rand(ALNUM, 44), { count: 4 });
format("generic", "generic-encryption-key", "ENCRYPTION_KEY", () => bytes(32).toString("base64"), { count: 3 });
format("generic", "generic-webhook-signing-secret", "WEBHOOK_SECRET", () => rand(ALNUM, 36), { count: 3 });
format("generic", "generic-private-key-passphrase", "KEY_PASSPHRASE", () => password(22), { count: 2 });

// Private keys (multi-line)
for (const [name, generate] of Object.entries(PEM_KINDS)) {
  const family = name.startsWith("pgp") ? "pgp" : name.startsWith("putty") ? "putty" : "private-key";
  format(family, name, "PRIVATE_KEY", generate, {
    shape: "block",
    count: name === "putty-ppk" || name === "pgp-private-key-block" ? 3 : 4,
  });
}

// Credential files (each has its own file layout; see FILE_FORMATS)
const FILE_FORMATS = [];
function fileFormat(family, name, count, build) {
  FILE_FORMATS.push({ family, format: name, count, build });
}

// ---------------------------------------------------------------------------------------------
// Corpus assembly

/** One labelled secret placed in a file: its label data and the text written in its place. */
function makeEntry(spec) {
  for (;;) {
    const made = spec.generate();
    const { secret, value } = typeof made === "string" ? { secret: made, value: made } : made;
    const checked = secret.replace(/-----(BEGIN|END) [A-Z0-9 ]+-----/g, "");
    if (STAND_IN.test(checked) || TEMPLATE_LIKE.test(secret)) continue;
    return { family: spec.family, format: spec.format, env: spec.env, shape: spec.shape, secret, value };
  }
}

const files = new Map(); // relative path -> content
const labels = [];
const negatives = new Map(); // kind -> count
const formatsSeen = new Set();

function negative(kind, n = 1) {
  negatives.set(kind, (negatives.get(kind) ?? 0) + n);
}

const MARK = /\u0001(\d+)\u0002/g;

/**
 * A file under construction: `mark(entry, text)` stands for a labelled secret in the template;
 * `finish()` substitutes the marks and records each label on the line its mark landed on.
 */
class Draft {
  constructor(path) {
    this.path = path;
    this.marks = [];
  }
  mark(entry, text = entry.value) {
    this.marks.push({ entry, text });
    return `\u0001${this.marks.length - 1}\u0002`;
  }
  finish(template) {
    if (files.has(this.path)) throw new Error(`duplicate corpus path ${this.path}`);
    let out = "";
    let last = 0;
    let line = 1;
    for (const match of template.matchAll(MARK)) {
      const before = template.slice(last, match.index);
      out += before;
      line += count(before, "\n");
      const { entry, text } = this.marks[Number(match[1])];
      const label = {
        file: this.path,
        line,
        family: entry.family,
        format: entry.format,
        secretSha256: sha256(entry.secret),
      };
      // Multi-line secrets (PEM, PGP, PuTTY) are labelled on their first line; endLine marks the last.
      if (text.includes("\n")) label.endLine = line + count(text, "\n");
      labels.push(label);
      formatsSeen.add(entry.format);
      out += text;
      line += count(text, "\n");
      last = match.index + match[0].length;
    }
    out += template.slice(last);
    files.set(this.path, out.endsWith("\n") ? out : out + "\n");
  }
}
const count = (text, ch) => text.split(ch).length - 1;

// Name conventions per language -------------------------------------------------------------
const lowerSnake = (env) => env.toLowerCase();
const camel = (env) => env.toLowerCase().replace(/_([a-z0-9])/g, (_, c) => c.toUpperCase());
const pascal = (env) => camel(env).replace(/^./, (c) => c.toUpperCase());
const dotted = (env) => env.toLowerCase().replace(/_/g, ".");
const kebab = (env) => env.toLowerCase().replace(/_/g, "-");

// In-file negatives, counted (any finding on these lines is a false positive) ----------------
const ENV_LOOKUP_LINES = {
  python: (env) => `${env} = os.getenv("${env}")`,
  python2: (env) => `${lowerSnake(env)} = os.environ["${env}"]`,
  js: (env) => `const ${camel(env)} = process.env.${env};`,
  go: (env) => `${camel(env)} := os.Getenv("${env}")`,
  java: (env) => `private static final String ${env} = System.getenv("${env}");`,
  ruby: (env) => `${lowerSnake(env)} = ENV["${env}"]`,
  ruby2: (env) => `${lowerSnake(env)} = ENV.fetch("${env}")`,
  php: (env) => `$${camel(env)} = getenv('${env}');`,
  csharp: (env) => `var ${camel(env)} = Environment.GetEnvironmentVariable("${env}");`,
};
const NEG_ENV_NAMES = [
  "STRIPE_SECRET_KEY",
  "GITHUB_TOKEN",
  "DB_PASSWORD",
  "SLACK_BOT_TOKEN",
  "OPENAI_API_KEY",
  "SENDGRID_API_KEY",
  "AWS_SECRET_ACCESS_KEY",
  "CLIENT_SECRET",
  "API_KEY",
  "REDIS_PASSWORD",
  "JWT_SECRET",
  "NPM_TOKEN",
];

// Host renderers: value entries -> one file each ---------------------------------------------
/** Each host renders a list of value entries into a realistic file; returns [path, template]. */
const HOSTS = {
  python(d, entries) {
    const lines = [
      '"""Runtime settings for the ' + word() + ' service."""',
      "import os",
      "import logging",
      "",
      "logger = logging.getLogger(__name__)",
      "",
      `DEBUG = False`,
      `ALLOWED_HOSTS = ["${word()}.acme.io"]`,
      "",
    ];
    for (const e of entries) lines.push(`${e.env} = "${d.mark(e)}"`);
    lines.push(
      "",
      ENV_LOOKUP_LINES.python(pick(NEG_ENV_NAMES)),
      ENV_LOOKUP_LINES.python2(pick(NEG_ENV_NAMES)),
      "",
      "def client_kwargs():",
      `    return {"timeout": 30, "retries": 3}`,
      "",
    );
    negative("env-lookup", 2);
    return lines.join("\n");
  },
  python_client(d, entries) {
    const lines = [
      "import requests",
      "",
      "",
      `class ${pascal(word())}Client:`,
      `    BASE_URL = "https://api.${word()}.io/v1"`,
      "",
      "    def __init__(self):",
      "        self.session = requests.Session()",
    ];
    for (const e of entries) lines.push(`        self.${lowerSnake(e.env)} = "${d.mark(e)}"`);
    lines.push("", "    def get(self, path):", "        return self.session.get(self.BASE_URL + path, timeout=10)", "");
    return lines.join("\n");
  },
  js(d, entries) {
    const lines = [
      "'use strict';",
      "",
      "const express = require('express');",
      "const app = express();",
      "",
      "const config = {",
    ];
    for (const e of entries) lines.push(`  ${camel(e.env)}: '${d.mark(e)}',`);
    lines.push(
      "  port: 8080,",
      "};",
      "",
      ENV_LOOKUP_LINES.js(pick(NEG_ENV_NAMES)),
      "",
      "app.listen(config.port);",
      "module.exports = config;",
    );
    negative("env-lookup");
    return lines.join("\n");
  },
  ts(d, entries) {
    const lines = [
      'import { createClient } from "./client";',
      "",
      "export interface Credentials {",
      "  password: string;",
      "  apiKey?: string;",
      "}",
      "",
    ];
    negative("type-annotation", 2);
    for (const e of entries) lines.push(`export const ${camel(e.env)} = "${d.mark(e)}";`);
    lines.push("", `export const client = createClient({ baseUrl: "https://${word()}.acme.io", timeoutMs: 5000 });`);
    return lines.join("\n");
  },
  go(d, entries) {
    const lines = ["package config", "", 'import "os"', "", "const ("];
    for (const e of entries) lines.push(`\t${camel(e.env)} = "${d.mark(e)}"`);
    lines.push(
      ")",
      "",
      "func Region() string {",
      `\t${ENV_LOOKUP_LINES.go("AWS_REGION")}`,
      '\tif awsRegion == "" {',
      '\t\treturn "eu-west-1"',
      "\t}",
      "\treturn awsRegion",
      "}",
    );
    return lines.join("\n");
  },
  java(d, entries) {
    const lines = [`package com.acme.${word()};`, "", "public final class Settings {", "    private Settings() {}", ""];
    for (const e of entries) lines.push(`    public static final String ${e.env} = "${d.mark(e)}";`);
    lines.push("", `    ${ENV_LOOKUP_LINES.java(pick(NEG_ENV_NAMES))}`, "}");
    negative("env-lookup");
    return lines.join("\n");
  },
  ruby(d, entries) {
    const lines = [
      `# frozen_string_literal: true`,
      "",
      `Rails.application.configure do`,
      "  config.cache_classes = true",
    ];
    for (const e of entries) lines.push(`  config.x.${lowerSnake(e.env)} = '${d.mark(e)}'`);
    lines.push(
      `  ${ENV_LOOKUP_LINES.ruby(pick(NEG_ENV_NAMES))}`,
      `  ${ENV_LOOKUP_LINES.ruby2(pick(NEG_ENV_NAMES))}`,
      "end",
    );
    negative("env-lookup", 2);
    return lines.join("\n");
  },
  php(d, entries) {
    const lines = ["<?php", "", "return ["];
    for (const e of entries) lines.push(`    '${lowerSnake(e.env)}' => '${d.mark(e)}',`);
    lines.push("    'debug' => false,", "];", "", ENV_LOOKUP_LINES.php(pick(NEG_ENV_NAMES)));
    negative("env-lookup");
    return lines.join("\n");
  },
  csharp(d, entries) {
    const lines = [
      "using System;",
      "",
      `namespace Acme.${pascal(word())}`,
      "{",
      "    public static class Secrets",
      "    {",
    ];
    for (const e of entries) lines.push(`        public const string ${pascal(e.env)} = "${d.mark(e)}";`);
    lines.push(
      `        public static readonly string? Fallback = Environment.GetEnvironmentVariable("${pick(NEG_ENV_NAMES)}");`,
      "    }",
      "}",
    );
    negative("env-lookup");
    return lines.join("\n");
  },
  dotenv(d, entries) {
    const lines = ["# generated by bootstrap.sh — do not share", "NODE_ENV=production", `PORT=${between(3000, 9000)}`];
    for (const e of entries) lines.push(`${e.env}=${d.mark(e)}`);
    lines.push("LOG_LEVEL=info", "SENTRY_ENVIRONMENT=production");
    return lines.join("\n");
  },
  k8s_configmap(d, entries) {
    const lines = [
      "apiVersion: v1",
      "kind: ConfigMap",
      "metadata:",
      `  name: ${word()}-config`,
      "  namespace: production",
      "data:",
      '  LOG_LEVEL: "info"',
    ];
    for (const e of entries) lines.push(`  ${e.env}: "${d.mark(e)}"`);
    return lines.join("\n");
  },
  k8s_deployment(d, entries) {
    const app = word();
    const lines = [
      "apiVersion: apps/v1",
      "kind: Deployment",
      "metadata:",
      `  name: ${app}`,
      "spec:",
      "  replicas: 2",
      "  selector:",
      "    matchLabels:",
      `      app: ${app}`,
      "  template:",
      "    metadata:",
      "      labels:",
      `        app: ${app}`,
      "    spec:",
      "      containers:",
      `        - name: ${app}`,
      `          image: ghcr.io/acme/${app}:1.${between(0, 30)}.${between(0, 9)}`,
      "          env:",
    ];
    for (const e of entries) lines.push(`            - name: ${e.env}`, `              value: "${d.mark(e)}"`);
    lines.push(
      "            - name: REDIS_PASSWORD",
      "              valueFrom:",
      "                secretKeyRef:",
      "                  name: redis",
      "                  key: password",
    );
    negative("secret-ref");
    return lines.join("\n");
  },
  gha(d, entries) {
    const lines = [
      "name: deploy",
      "on:",
      "  push:",
      "    branches: [main]",
      "jobs:",
      "  deploy:",
      "    runs-on: ubuntu-latest",
      "    env:",
    ];
    for (const e of entries) lines.push(`      ${e.env}: ${d.mark(e)}`);
    lines.push(
      "      NPM_TOKEN: ${{ secrets.NPM_TOKEN }}",
      "    steps:",
      `      - uses: actions/checkout@${rand(HEX, 40)}`,
      "      - run: ./scripts/deploy.sh",
    );
    negative("gha-secret-ref");
    negative("git-sha");
    return lines.join("\n");
  },
  compose(d, entries) {
    const lines = [
      "services:",
      "  api:",
      `    image: acme/${word()}:latest`,
      "    ports:",
      '      - "8080:8080"',
      "    environment:",
    ];
    for (const e of entries) lines.push(`      ${e.env}: "${d.mark(e)}"`);
    lines.push("      REDIS_PASSWORD: ${REDIS_PASSWORD}", "  redis:", "    image: redis:7");
    negative("placeholder");
    return lines.join("\n");
  },
  helm(d, entries) {
    const lines = [
      "replicaCount: 3",
      "image:",
      `  repository: registry.acme.io/${word()}`,
      '  tag: "2.4.1"',
      "config:",
    ];
    for (const e of entries) lines.push(`  ${camel(e.env)}: ${d.mark(e)}`);
    lines.push("resources:", "  limits:", "    cpu: 500m", "    memory: 512Mi");
    return lines.join("\n");
  },
  json(d, entries) {
    const lines = ["{", `  "name": "${word()}-worker",`, '  "env": "production",', '  "credentials": {'];
    entries.forEach(
      (e, i) => void lines.push(`    "${camel(e.env)}": "${d.mark(e)}"${i < entries.length - 1 ? "," : ""}`),
    );
    lines.push("  },", '  "retries": 5', "}");
    return lines.join("\n");
  },
  dockerfile(d, entries) {
    const lines = ["FROM node:20-alpine", "WORKDIR /app", "COPY package*.json ./", "RUN npm ci --omit=dev"];
    for (const e of entries) lines.push(`ENV ${e.env}=${d.mark(e)}`);
    lines.push("ARG GITHUB_TOKEN", "COPY . .", 'CMD ["node", "server.js"]');
    negative("build-arg");
    return lines.join("\n");
  },
  terraform(d, entries) {
    const lines = [
      "terraform {",
      '  required_version = ">= 1.5"',
      "}",
      "",
      'resource "kubernetes_secret" "app" {',
      "  metadata {",
      `    name = "${word()}"`,
      "  }",
      "  data = {",
    ];
    for (const e of entries) lines.push(`    ${lowerSnake(e.env)} = "${d.mark(e)}"`);
    lines.push("    db_password = var.db_password", "  }", "}");
    negative("terraform-var");
    return lines.join("\n");
  },
  tfvars(d, entries) {
    const lines = [`region      = "eu-central-1"`, `environment = "prod"`];
    for (const e of entries) lines.push(`${lowerSnake(e.env)} = "${d.mark(e)}"`);
    return lines.join("\n");
  },
  shell(d, entries) {
    const lines = ["#!/usr/bin/env bash", "set -euo pipefail", ""];
    for (const e of entries) lines.push(`export ${e.env}="${d.mark(e)}"`);
    lines.push(
      'export VAULT_PASSWORD="$(vault kv get -field=password secret/app)"',
      "",
      `curl -fsS https://api.${word()}.io/health`,
    );
    negative("vault-lookup");
    return lines.join("\n");
  },
  maven(d, entries) {
    const lines = ['<?xml version="1.0" encoding="UTF-8"?>', "<settings>", "  <servers>"];
    for (const e of entries)
      lines.push(
        "    <server>",
        `      <id>${kebab(e.env)}</id>`,
        `      <username>${user()}</username>`,
        `      <password>${d.mark(e)}</password>`,
        "    </server>",
      );
    lines.push(
      "    <server>",
      "      <id>central</id>",
      "      <password>${env.MAVEN_PASSWORD}</password>",
      "    </server>",
      "  </servers>",
      "</settings>",
    );
    negative("placeholder");
    return lines.join("\n");
  },
  dotnet(d, entries) {
    const lines = ['<?xml version="1.0" encoding="utf-8"?>', "<configuration>", "  <appSettings>"];
    for (const e of entries) lines.push(`    <add key="${pascal(e.env)}" value="${d.mark(e)}" />`);
    lines.push('    <add key="Environment" value="Production" />', "  </appSettings>", "</configuration>");
    return lines.join("\n");
  },
  ipynb(d, entries) {
    const src = ["import pandas as pd\\n", "import requests\\n", "\\n"];
    for (const e of entries) src.push(`${lowerSnake(e.env)} = \\"${d.mark(e)}\\"\\n`);
    src.push('df = pd.read_csv(\\"exports/latest.csv\\")');
    const cell = (source) =>
      [
        "  {",
        '   "cell_type": "code",',
        '   "execution_count": 1,',
        '   "metadata": {},',
        '   "outputs": [],',
        '   "source": [',
        source.map((s) => `    "${s}"`).join(",\n"),
        "   ]",
        "  }",
      ].join("\n");
    return [
      "{",
      ' "cells": [',
      cell(src) + ",",
      cell(["df.head()"]),
      " ],",
      ' "metadata": {',
      '  "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"}',
      " },",
      ' "nbformat": 4,',
      ' "nbformat_minor": 5',
      "}",
    ].join("\n");
  },
  ini(d, entries) {
    const lines = ["[server]", "host = 0.0.0.0", "port = 8443", "", "[credentials]"];
    for (const e of entries) lines.push(`${lowerSnake(e.env)} = ${d.mark(e)}`);
    return lines.join("\n");
  },
  properties(d, entries) {
    const lines = ["# application.properties", "server.port=8080", "spring.jpa.hibernate.ddl-auto=validate"];
    for (const e of entries) lines.push(`${dotted(e.env)}=${d.mark(e)}`);
    lines.push("spring.datasource.password=${DB_PASSWORD}");
    negative("placeholder");
    return lines.join("\n");
  },
  markdown(d, entries) {
    const lines = [
      `# ${pascal(word())} runbook`,
      "",
      "Rotate credentials quarterly. Until the vault migration lands, the staging values are:",
      "",
      "```sh",
    ];
    for (const e of entries) lines.push(`${e.env}=${d.mark(e)}`);
    lines.push("```", "", "Ask #platform for access; never paste tokens into tickets.");
    return lines.join("\n");
  },
  curl(d, entries) {
    const lines = ["#!/bin/sh", "# nightly sync job"];
    for (const e of entries) lines.push(`${e.env}='${d.mark(e)}' ./bin/sync --target https://api.${word()}.io/v1/sync`);
    return lines.join("\n");
  },
};

const HOST_PATHS = {
  python: ["settings.py", "config/production.py", "app/settings/base.py", "scripts/backfill.py", "etl/settings.py"],
  python_client: ["clients/billing.py", "integrations/client.py", "app/services/notify.py"],
  js: ["config/index.js", "server/config.js", "src/config.js", "lib/settings.js"],
  ts: ["src/secrets.ts", "src/config/keys.ts", "packages/api/src/env.ts"],
  go: ["internal/config/config.go", "pkg/settings/keys.go", "cmd/worker/config.go"],
  java: ["src/main/java/com/acme/Settings.java", "service/src/main/java/com/acme/Keys.java"],
  ruby: ["config/environments/production.rb", "config/initializers/services.rb"],
  php: ["config/services.php", "config/app.php", "wp-content/plugins/sync/config.php"],
  csharp: ["src/Acme.Api/Secrets.cs", "Acme.Worker/Config/Secrets.cs"],
  dotenv: [".env", ".env.production", "docker/.env", "api/.env.local"],
  k8s_configmap: ["k8s/configmap.yaml", "deploy/base/config.yaml"],
  k8s_deployment: ["k8s/deployment.yaml", "deploy/overlays/prod/deployment.yaml"],
  gha: [".github/workflows/deploy.yml", ".github/workflows/release.yml"],
  compose: ["docker-compose.yml", "docker-compose.prod.yml"],
  helm: ["charts/app/values.yaml", "helm/values-prod.yaml"],
  json: ["config/production.json", "appsettings.Production.json", "secrets.json"],
  dockerfile: ["Dockerfile", "docker/worker.Dockerfile"],
  terraform: ["infra/main.tf", "terraform/secrets.tf"],
  tfvars: ["infra/prod.tfvars", "terraform/terraform.tfvars"],
  shell: ["scripts/deploy.sh", "bin/bootstrap.sh", "ops/env.sh"],
  maven: [".m2/settings.xml", "ci/maven-settings.xml"],
  dotnet: ["src/Acme.Web/Web.config", "App.config"],
  ipynb: ["notebooks/exploration.ipynb", "analysis/churn.ipynb"],
  ini: ["config/app.ini", "deploy/credentials.ini"],
  properties: ["src/main/resources/application.properties", "config/application-prod.properties"],
  markdown: ["docs/runbook.md", "NOTES.md"],
  curl: ["cron/sync.sh"],
};
const HOST_NAMES = Object.keys(HOSTS);
const PROJECTS = [
  "billing-api",
  "checkout",
  "data-pipeline",
  "mobile-backend",
  "ops-tools",
  "platform",
  "search-service",
  "web-frontend",
  "analytics",
  "notifier",
  "identity",
  "warehouse",
];

const usedPaths = new Map();
function uniquePath(dir, name) {
  let path = `${dir}/${name}`;
  const n = (usedPaths.get(path) ?? 0) + 1;
  usedPaths.set(path, n);
  if (n > 1) path = `${dir}/v${n}/${name}`;
  return path;
}

/** Instances of each value format, AWS secrets riding with their key ids, in a fixed order. */
function valueInstances() {
  const instances = [];
  const secretSpec = FORMATS.find((f) => f.format === "aws-secret-access-key");
  for (const spec of FORMATS) {
    if (spec.shape !== "value") continue;
    for (let i = 0; i < spec.count; i++) {
      if (spec.format === "aws-access-key-id" || spec.format === "aws-temporary-access-key-id")
        instances.push([makeEntry(spec), makeEntry(secretSpec)]);
      else instances.push([makeEntry(spec)]);
    }
  }
  return instances;
}

function writeValueHosts() {
  const instances = valueInstances();
  const buckets = new Map(HOST_NAMES.map((h) => [h, []]));
  instances.forEach((group, i) => {
    // Multi-line-unsafe or quote-heavy values stay out of hosts that cannot hold them.
    let hostName = HOST_NAMES[(i * 7) % HOST_NAMES.length];
    if (
      group[0].value.includes(" ") &&
      ["dotenv", "gha", "helm", "ini", "properties", "markdown", "dockerfile"].includes(hostName)
    )
      hostName = "json";
    if (
      group[0].value.includes("$") &&
      [
        "shell",
        "php",
        "dotenv",
        "compose",
        "markdown",
        "dockerfile",
        "properties",
        "terraform",
        "tfvars",
        "maven",
      ].includes(hostName)
    )
      hostName = "python";
    if (group[0].value.includes("&") && ["maven", "dotnet"].includes(hostName)) hostName = "go";
    if (
      group[0].value.includes("#") &&
      ["dotenv", "ini", "properties", "gha", "helm", "shell", "markdown"].includes(hostName)
    )
      hostName = "java";
    buckets.get(hostName).push(group);
  });
  let project = 0;
  for (const [hostName, groups] of buckets) {
    let index = 0;
    while (index < groups.length) {
      const take = between(3, 6);
      const chunk = groups.slice(index, index + take).flat();
      index += take;
      const dir = `positive/${PROJECTS[project++ % PROJECTS.length]}`;
      const path = uniquePath(dir, pick(HOST_PATHS[hostName]));
      const draft = new Draft(path);
      draft.finish(HOSTS[hostName](draft, chunk));
    }
  }
}

// Block hosts: private keys in key files, YAML, JSON, Python, Terraform -----------------------
const indent = (text, pad) =>
  text
    .split("\n")
    .map((l, i) => (i === 0 ? l : pad + l))
    .join("\n");
const jsonEscape = (text) => JSON.stringify(text).slice(1, -1);

function writeBlockHosts() {
  const blockSpecs = FORMATS.filter((f) => f.shape === "block");
  const kinds = ["keyfile", "yaml", "json", "python", "terraform", "keyfile"];
  let n = 0;
  for (const spec of blockSpecs) {
    for (let i = 0; i < spec.count; i++) {
      const entry = makeEntry(spec);
      const kind = spec.format === "putty-ppk" ? "keyfile" : kinds[n++ % kinds.length];
      const project = PROJECTS[n % PROJECTS.length];
      if (kind === "keyfile") {
        const name =
          {
            "openssh-private-key": ".ssh/id_ed25519",
            "putty-ppk": `keys/${word()}.ppk`,
            "pgp-private-key-block": `keys/${word()}-signing.asc`,
            "rsa-private-key": ".ssh/id_rsa",
          }[spec.format] ?? `certs/${word()}.key`;
        const d = new Draft(uniquePath(`positive/${project}`, name));
        d.finish(d.mark(entry));
      } else if (kind === "yaml") {
        const d = new Draft(uniquePath(`positive/${project}`, "k8s/tls-secret.yaml"));
        d.finish(
          [
            "apiVersion: v1",
            "kind: Secret",
            "metadata:",
            `  name: ${word()}-tls`,
            "type: Opaque",
            "stringData:",
            '  tls.crt: ""',
            "  tls.key: |",
            "    " + d.mark(entry, indent(entry.value, "    ")),
            "",
          ].join("\n"),
        );
      } else if (kind === "json") {
        const d = new Draft(uniquePath(`positive/${project}`, `gcp/${word()}-service-account.json`));
        const projectId = `${word()}-${digits(6)}`;
        d.finish(
          [
            "{",
            '  "type": "service_account",',
            `  "project_id": "${projectId}",`,
            `  "private_key_id": "${rand(HEX, 40)}",`,
            `  "private_key": "${d.mark(entry, jsonEscape(entry.value + "\n"))}",`,
            `  "client_email": "deployer@${projectId}.iam.gserviceaccount.com",`,
            `  "client_id": "${digits(21)}",`,
            '  "token_uri": "https://oauth2.googleapis.com/token"',
            "}",
          ].join("\n"),
        );
      } else if (kind === "python") {
        const d = new Draft(uniquePath(`positive/${project}`, "app/signing.py"));
        d.finish(
          [
            "import jwt",
            "",
            `SIGNING_KEY = """${d.mark(entry)}"""`,
            "",
            "def sign(claims):",
            '    return jwt.encode(claims, SIGNING_KEY, algorithm="RS256")',
            "",
          ].join("\n"),
        );
      } else {
        const d = new Draft(uniquePath(`positive/${project}`, "infra/tls.tf"));
        d.finish(
          [
            'resource "tls_locally_signed_cert" "api" {',
            "  ca_private_key_pem = <<-EOT",
            "    " + d.mark(entry, indent(entry.value, "    ")),
            "  EOT",
            `  validity_period_hours = 8760`,
            "}",
          ].join("\n"),
        );
      }
    }
  }
}

// Credential files ----------------------------------------------------------------------------
function valueSpec(family, name, generate) {
  return { family, format: name, env: "", shape: "value", generate };
}
const pw =
  (len = between(16, 24)) =>
  () =>
    rand(URL_SAFE_PASSWORD, len);
const entryOf = (family, name, generate) => makeEntry(valueSpec(family, name, generate));

fileFormat("npm", "npmrc-auth-token", 3, (d) => {
  const e = entryOf("npm", "npmrc-auth-token", () => rand(B64URL, 64));
  const npm = entryOf("npm", "npm-access-token", () => checksummed("npm_"));
  return [
    "registry=https://registry.npmjs.org/",
    `//artifactory.acme.io/api/npm/npm/:_authToken=${d.mark(e)}`,
    `//registry.npmjs.org/:_authToken=${d.mark(npm)}`,
    "//npm.pkg.github.com/:_authToken=${GITHUB_TOKEN}",
    "always-auth=true",
  ].join("\n");
});
fileFormat("npm", "npmrc-basic-auth", 2, (d) => {
  const e = entryOf("npm", "npmrc-basic-auth", () => b64(`${user()}:${rand(URL_SAFE_PASSWORD, 20)}`));
  const p = entryOf("npm", "npmrc-password", () => b64(rand(URL_SAFE_PASSWORD, 20)));
  return [
    "registry=https://nexus.acme.io/repository/npm-group/",
    `_auth=${d.mark(e)}`,
    `//nexus.acme.io/repository/npm-private/:_password=${d.mark(p)}`,
    "//nexus.acme.io/repository/npm-private/:username=ci",
    "email=ci@acme.io",
  ].join("\n");
});
fileFormat("pypi", "pypirc-password", 3, (d) => {
  const e = entryOf("pypi", "pypirc-password", pw(22));
  return [
    "[distutils]",
    "index-servers =",
    "    internal",
    "",
    "[internal]",
    "repository = https://pypi.acme.io/simple/",
    `username = ${user()}`,
    `password = ${d.mark(e)}`,
  ].join("\n");
});
fileFormat("netrc", "netrc-password", 3, (d) => {
  const a = entryOf("netrc", "netrc-password", pw());
  const b = entryOf("netrc", "netrc-password", pw());
  return [
    `machine api.heroku.com`,
    `  login ${user()}@acme.io`,
    `  password ${d.mark(a)}`,
    `machine ${host()} login ${user()} password ${d.mark(b)}`,
  ].join("\n");
});
fileFormat("git-credentials", "git-credentials-url", 3, (d) => {
  const a = entryOf("git-credentials", "git-credentials-url", pw(24));
  const b = entryOf("github", "github-classic-pat", () => checksummed("ghp_"));
  return [
    `https://${user()}:${d.mark(a, a.secret)}@git.acme.io`,
    `https://x-access-token:${d.mark(b)}@github.com`,
  ].join("\n");
});
fileFormat("pgpass", "pgpass-line", 3, (d) => {
  const a = entryOf("pgpass", "pgpass-line", pw());
  const b = entryOf("pgpass", "pgpass-line", pw());
  return [
    "# hostname:port:database:username:password",
    `${host()}:5432:orders:${user()}:${d.mark(a)}`,
    `localhost:5432:*:postgres:${d.mark(b)}`,
  ].join("\n");
});
fileFormat("htpasswd", "htpasswd-entry", 3, (d) => {
  const salt = rand(ALNUM + "./", 8);
  const apr = entryOf("htpasswd", "htpasswd-apr1", () => `$apr1$${salt}$${rand(ALNUM + "./", 22)}`);
  const bcrypt = entryOf("htpasswd", "htpasswd-bcrypt", () => `$2y$10$${rand(ALNUM + "./", 53)}`);
  const sha = entryOf("htpasswd", "htpasswd-sha1", () => `{SHA}${bytes(20).toString("base64")}`);
  return [`${user()}:${d.mark(apr)}`, `${user()}:${d.mark(bcrypt)}`, `${user()}:${d.mark(sha)}`].join("\n");
});
fileFormat("shadow", "shadow-entry", 3, (d) => {
  const sha512 = entryOf("shadow", "shadow-sha512", () => `$6$${rand(ALNUM + "./", 16)}$${rand(ALNUM + "./", 86)}`);
  const yes = entryOf("shadow", "shadow-yescrypt", () => `$y$j9T$${rand(ALNUM + "./", 22)}$${rand(ALNUM + "./", 43)}`);
  return [
    "root:!:19700:0:99999:7:::",
    "daemon:*:19700:0:99999:7:::",
    `${user()}:${d.mark(sha512)}:19722:0:99999:7:::`,
    `${user()}:${d.mark(yes)}:19811:0:99999:7:::`,
    "nobody:*:19700:0:99999:7:::",
  ].join("\n");
});
fileFormat("docker", "docker-config-auth", 3, (d) => {
  const auth = entryOf("docker", "docker-config-auth", () => b64(`${user()}:${rand(URL_SAFE_PASSWORD, 24)}`));
  return [
    "{",
    '  "auths": {',
    '    "https://index.docker.io/v1/": {',
    `      "auth": "${d.mark(auth)}"`,
    "    },",
    '    "ghcr.io": {}',
    "  },",
    '  "credsStore": "desktop"',
    "}",
  ].join("\n");
});
fileFormat("s3cfg", "s3cfg-secret-key", 2, (d) => {
  const id = entryOf("aws", "aws-access-key-id", () => "AKIA" + rand(BASE32, 16));
  const secret = entryOf("aws", "aws-secret-access-key", () => rand(B64, 40));
  return [
    "[default]",
    `access_key = ${d.mark(id)}`,
    `secret_key = ${d.mark(secret)}`,
    "host_base = s3.amazonaws.com",
    "use_https = True",
  ].join("\n");
});
fileFormat("aws", "aws-credentials-file", 3, (d) => {
  const id = entryOf("aws", "aws-access-key-id", () => "AKIA" + rand(BASE32, 16));
  const secret = entryOf("aws", "aws-secret-access-key", () => rand(B64, 40));
  return [
    "[default]",
    "region = us-east-1",
    "",
    `[${word()}]`,
    `aws_access_key_id = ${d.mark(id)}`,
    `aws_secret_access_key = ${d.mark(secret)}`,
  ].join("\n");
});
fileFormat("filezilla", "filezilla-saved-password", 2, (d) => {
  const e = entryOf("filezilla", "filezilla-saved-password", () => b64(rand(URL_SAFE_PASSWORD, 18)));
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<FileZilla3 version="3.66.4" platform="windows">',
    "  <Servers>",
    "    <Server>",
    `      <Host>ftp.${word()}.io</Host>`,
    "      <Port>21</Port>",
    "      <Protocol>0</Protocol>",
    `      <User>${user()}</User>`,
    `      <Pass encoding="base64">${d.mark(e)}</Pass>`,
    "    </Server>",
    "  </Servers>",
    "</FileZilla3>",
  ].join("\n");
});
fileFormat("wordpress", "wordpress-config", 3, (d) => {
  const dbpw = entryOf("wordpress", "wordpress-db-password", pw(20));
  const salts = ["AUTH_KEY", "SECURE_AUTH_KEY", "LOGGED_IN_KEY", "NONCE_KEY"].map((k) => [
    k,
    entryOf("wordpress", "wordpress-auth-salt", () => rand(ALNUM + "!@^&*()-_[];:,.|~+=", 64)),
  ]);
  return [
    "<?php",
    "define( 'DB_NAME', 'wordpress' );",
    "define( 'DB_USER', 'wp_user' );",
    `define( 'DB_PASSWORD', '${d.mark(dbpw)}' );`,
    "define( 'DB_HOST', 'localhost' );",
    "",
    ...salts.map(([k, e]) => `define( '${k}', '${d.mark(e)}' );`),
    "",
    "$table_prefix = 'wp_';",
  ].join("\n");
});
fileFormat("kubernetes", "k8s-secret-base64", 6, (d) => {
  const entries = [
    entryOf("database", "k8s-secret-base64-password", pw(22)),
    entryOf("github", "github-classic-pat", () => checksummed("ghp_")),
    entryOf("slack", "slack-bot-token", () => `xoxb-${digits(12)}-${digits(13)}-${rand(ALNUM, 24)}`),
    entryOf("stripe", "stripe-secret-key", () => "sk_live_" + rand(ALNUM, 99)),
  ];
  const [password, gh, slack, stripe] = entries;
  const url = entryOf("database", "k8s-secret-base64-database-url", urlCred("postgresql", 5432, "/app"));
  return [
    "apiVersion: v1",
    "kind: Secret",
    "metadata:",
    `  name: ${word()}-credentials`,
    "type: Opaque",
    "data:",
    `  DB_PASSWORD: ${d.mark(password, b64(password.value))}`,
    `  DATABASE_URL: ${d.mark(url, b64(url.value))}`,
    `  GITHUB_TOKEN: ${d.mark(gh, b64(gh.value))}`,
    `  SLACK_BOT_TOKEN: ${d.mark(slack, b64(slack.value))}`,
    `  STRIPE_SECRET_KEY: ${d.mark(stripe, b64(stripe.value))}`,
    `  LOG_LEVEL: ${b64("info")}`,
  ].join("\n");
});
fileFormat("encoded", "escaped-and-encoded", 4, (d) => {
  const gh = entryOf("github", "github-classic-pat", () => checksummed("ghp_"));
  const slack = entryOf("slack", "slack-bot-token", () => `xoxb-${digits(12)}-${digits(13)}-${rand(ALNUM, 24)}`);
  const openai = entryOf(
    "openai",
    "openai-project-key",
    () => `sk-proj-${rand(B64URL, 74)}T3BlbkFJ${rand(B64URL, 74)}`,
  );
  const uEscape = (text) => [...text].map((c) => "\\u" + c.charCodeAt(0).toString(16).padStart(4, "0")).join("");
  const pct = (text) =>
    [...text].map((c) => "%" + c.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")).join("");
  return [
    "{",
    `  "deployToken": "${d.mark(gh, uEscape(gh.value))}",`,
    `  "callback": "https://hooks.acme.io/relay?token=${d.mark(slack, pct(slack.value))}",`,
    `  "note": "openai key ${d.mark(openai, uEscape(openai.value))}"`,
    "}",
  ].join("\n");
});
fileFormat("encoded", "hex-encoded", 2, (d) => {
  const gh = entryOf("anthropic", "anthropic-api-key", () => `sk-ant-api03-${rand(B64URL, 93)}AA`);
  const npm = entryOf("npm", "npm-access-token", () => checksummed("npm_"));
  return [
    "# seed blobs for the fixture loader (hex)",
    `seed_blob_a = "${d.mark(gh, Buffer.from(gh.value).toString("hex"))}"`,
    `seed_blob_b = "${d.mark(npm, Buffer.from(npm.value).toString("hex"))}"`,
  ].join("\n");
});

function writeFileFormats() {
  const names = {
    "npmrc-auth-token": ".npmrc",
    "npmrc-basic-auth": ".npmrc",
    "pypirc-password": ".pypirc",
    "netrc-password": ".netrc",
    "git-credentials-url": ".git-credentials",
    "pgpass-line": ".pgpass",
    "htpasswd-entry": "conf/.htpasswd",
    "shadow-entry": "rootfs/etc/shadow",
    "docker-config-auth": ".docker/config.json",
    "s3cfg-secret-key": ".s3cfg",
    "aws-credentials-file": ".aws/credentials",
    "filezilla-saved-password": "FileZilla/sitemanager.xml",
    "wordpress-config": "wp-config.php",
    "k8s-secret-base64": "k8s/secret.yaml",
    "escaped-and-encoded": "config/relay.json",
    "hex-encoded": "fixtures/seed.toml",
  };
  let n = 0;
  for (const spec of FILE_FORMATS) {
    for (let i = 0; i < spec.count; i++) {
      const d = new Draft(uniquePath(`positive/${PROJECTS[(n++ * 5) % PROJECTS.length]}`, names[spec.format]));
      d.finish(spec.build(d));
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Hard negatives (negative/** carries no labels)

function neg(path, lines, kind, n) {
  negative(kind, n);
  const full = `negative/${path}`;
  if (files.has(full)) throw new Error(`duplicate corpus path ${full}`);
  files.set(full, lines.join("\n") + "\n");
}

function writeNegatives() {
  // Lock files
  const pkgs = [
    "react",
    "lodash",
    "express",
    "chalk",
    "debug",
    "semver",
    "commander",
    "yaml",
    "ajv",
    "uuid",
    "ws",
    "minimist",
    "glob",
    "picomatch",
    "micromatch",
    "braces",
    "fill-range",
    "to-regex-range",
    "is-number",
    "fast-glob",
  ];
  const lock = ["{", '  "name": "web",', '  "version": "1.0.0",', '  "lockfileVersion": 3,', '  "packages": {'];
  pkgs.forEach(
    (p, i) =>
      void lock.push(
        `    "node_modules/${p}": {`,
        `      "version": "${between(1, 9)}.${between(0, 20)}.${between(0, 9)}",`,
        `      "resolved": "https://registry.npmjs.org/${p}/-/${p}-1.0.0.tgz",`,
        `      "integrity": "sha512-${bytes(64).toString("base64")}",`,
        '      "license": "MIT"',
        `    }${i < pkgs.length - 1 ? "," : ""}`,
      ),
  );
  lock.push("  }", "}");
  neg("web/package-lock.json", lock, "lockfile-hash", pkgs.length);

  const yarn = ["# THIS IS AN AUTOGENERATED FILE. DO NOT EDIT THIS FILE DIRECTLY.", "# yarn lockfile v1", ""];
  for (const p of pkgs.slice(0, 15))
    yarn.push(
      `${p}@^1.0.0:`,
      '  version "1.2.3"',
      `  resolved "https://registry.yarnpkg.com/${p}/-/${p}-1.2.3.tgz#${bytes(20).toString("hex")}"`,
      `  integrity sha512-${bytes(64).toString("base64")}`,
      "",
    );
  neg("web/yarn.lock", yarn, "lockfile-hash", 30);

  const cargo = ["# This file is automatically @generated by Cargo.", "version = 3", ""];
  for (const c of [
    "serde",
    "tokio",
    "anyhow",
    "regex",
    "clap",
    "rand",
    "bytes",
    "hyper",
    "tracing",
    "thiserror",
    "itoa",
    "memchr",
  ])
    cargo.push(
      "[[package]]",
      `name = "${c}"`,
      `version = "1.${between(0, 40)}.${between(0, 9)}"`,
      'source = "registry+https://github.com/rust-lang/crates.io-index"',
      `checksum = "${bytes(32).toString("hex")}"`,
      "",
    );
  neg("rust/Cargo.lock", cargo, "lockfile-hash", 12);

  const gosum = [];
  for (const m of [
    "github.com/google/uuid",
    "golang.org/x/sys",
    "golang.org/x/net",
    "github.com/stretchr/testify",
    "gopkg.in/yaml.v3",
    "github.com/spf13/cobra",
    "github.com/pkg/errors",
    "go.uber.org/zap",
    "github.com/gorilla/mux",
    "github.com/sirupsen/logrus",
  ]) {
    gosum.push(
      `${m} v1.${between(0, 9)}.${between(0, 9)} h1:${bytes(32).toString("base64")}`,
      `${m} v1.${between(0, 9)}.${between(0, 9)}/go.mod h1:${bytes(32).toString("base64")}`,
    );
  }
  neg("go/go.sum", gosum, "lockfile-hash", gosum.length);

  // Env lookups across languages
  const envLines = [];
  for (const name of NEG_ENV_NAMES) for (const render of Object.values(ENV_LOOKUP_LINES)) envLines.push(render(name));
  neg(
    "app/env_lookups.txt",
    ["# How each service reads its credentials at runtime", ...envLines],
    "env-lookup",
    envLines.length,
  );
  neg(
    "app/settings.py",
    [
      "import os",
      "",
      ...NEG_ENV_NAMES.map((n) => `${n} = os.environ.get("${n}", "")`),
      'DATABASE_URL = os.getenv("DATABASE_URL", "postgresql://localhost/dev")',
      "password = getpass.getpass()",
      'api_key = keyring.get_password("acme", "api_key")',
    ],
    "env-lookup",
    NEG_ENV_NAMES.length + 3,
  );
  neg(
    "app/config.ts",
    [
      "export const config = {",
      ...NEG_ENV_NAMES.map((n) => `  ${camel(n)}: process.env.${n} ?? "",`),
      "  viteKey: import.meta.env.VITE_PUBLIC_KEY,",
      '  denoToken: Deno.env.get("TOKEN"),',
      "};",
      "",
      "export function login(user: string, password: string): Promise<void> {",
      "  return auth.signIn({ user, password });",
      "}",
      "type Secret = { token: string; apiKey: string; clientSecret: string };",
    ],
    "env-lookup",
    NEG_ENV_NAMES.length + 5,
  );

  // Placeholders and templates
  neg(
    "config/.env.example",
    [
      "# copy to .env and fill in",
      "STRIPE_SECRET_KEY=<your-stripe-secret-key>",
      "GITHUB_TOKEN=${GITHUB_TOKEN}",
      "API_KEY=xxxxxxxxxxxxxxxxxxxxxxxx",
      "DB_PASSWORD=changeme",
      "SLACK_BOT_TOKEN=xoxb-your-bot-token",
      "OPENAI_API_KEY=sk-...",
      "AWS_SECRET_ACCESS_KEY=",
      "CLIENT_SECRET=********",
      "JWT_SECRET=replace-me-with-a-long-random-string",
      "SENTRY_DSN=",
      "SENDGRID_API_KEY=SG.your_key_here",
      "REDIS_PASSWORD=%REDIS_PASSWORD%",
      "TOKEN=TODO",
    ],
    "placeholder",
    14,
  );
  neg(
    "charts/app/templates/secret.yaml",
    [
      "apiVersion: v1",
      "kind: Secret",
      "metadata:",
      "  name: {{ .Release.Name }}-secrets",
      "stringData:",
      "  token: {{ .Values.token | quote }}",
      '  password: {{ required "db password" .Values.db.password }}',
      '  apiKey: "{{ .Values.apiKey }}"',
      '  clientSecret: {{ include "app.clientSecret" . }}',
    ],
    "placeholder",
    4,
  );
  neg(
    ".github/workflows/ci.yml",
    [
      "name: ci",
      "on: [push, pull_request]",
      "jobs:",
      "  test:",
      "    runs-on: ubuntu-latest",
      "    env:",
      "      NPM_TOKEN: ${{ secrets.NPM_TOKEN }}",
      "      GITHUB_TOKEN: ${{ secrets.GITHUB_TOKEN }}",
      "      AWS_SECRET_ACCESS_KEY: ${{ secrets.AWS_SECRET_ACCESS_KEY }}",
      "      SLACK_WEBHOOK_URL: ${{ secrets.SLACK_WEBHOOK }}",
      "    steps:",
      ...Array.from(
        { length: 6 },
        () =>
          `      - uses: actions/${pick(["checkout", "setup-node", "cache", "upload-artifact"])}@${rand(HEX, 40)} # v4`,
      ),
      "      - run: npm ci && npm test",
      "        env:",
      "          PASSWORD: ${{ secrets.DB_PASSWORD }}",
    ],
    "gha-secret-ref",
    11,
  );
  neg(
    "infra/vars.tf",
    [
      'variable "db_password" {',
      "  type      = string",
      "  sensitive = true",
      "}",
      "",
      'resource "aws_db_instance" "main" {',
      "  password = var.db_password",
      "  username = local.db_user",
      "  master_password = data.aws_secretsmanager_secret_version.db.secret_string",
      "}",
      'provider "github" {',
      "  token = var.github_token",
      "}",
    ],
    "terraform-var",
    4,
  );
  neg(
    "ops/fetch-secrets.sh",
    [
      "#!/usr/bin/env bash",
      'export DB_PASSWORD="$(vault kv get -field=password secret/db)"',
      "export API_TOKEN=$(aws ssm get-parameter --name /prod/api-token --with-decryption --query Parameter.Value --output text)",
      'GITHUB_TOKEN="$(gh auth token)"',
      'read -rsp "Password: " PASSWORD',
      'export SLACK_TOKEN="${SLACK_TOKEN:?must be set}"',
    ],
    "vault-lookup",
    5,
  );
  neg(
    "k8s/external-secret.yaml",
    [
      "apiVersion: external-secrets.io/v1beta1",
      "kind: ExternalSecret",
      "spec:",
      "  data:",
      "    - secretKey: password",
      "      remoteRef:",
      "        key: prod/db",
      "        property: password",
      "---",
      "apiVersion: v1",
      "kind: Pod",
      "spec:",
      "  containers:",
      "    - name: app",
      "      env:",
      "        - name: API_KEY",
      "          valueFrom:",
      "            secretKeyRef: { name: api, key: key }",
    ],
    "secret-ref",
    2,
  );

  // i18n strings and prose
  neg(
    "app/locales/en.json",
    [
      "{",
      '  "password": "Password",',
      '  "password_confirm": "Confirm password",',
      '  "forgot_password": "Forgot your password?",',
      '  "token_expired": "Your session token expired. Please sign in again.",',
      '  "api_key_label": "API key",',
      '  "api_key_help": "Create an API key in Settings → Developer and paste it here.",',
      '  "secret_hint": "Keep this secret safe: it is shown only once.",',
      '  "client_secret": "Client secret",',
      '  "invalid_token": "The access token is invalid or has been revoked.",',
      '  "password_too_short": "Password must be at least 12 characters long"',
      "}",
    ],
    "i18n",
    10,
  );
  neg(
    "app/locales/de.json",
    [
      "{",
      '  "password": "Passwort",',
      '  "token_expired": "Ihr Sitzungstoken ist abgelaufen.",',
      '  "api_key_label": "API-Schlüssel",',
      '  "secret_hint": "Bewahren Sie dieses Geheimnis sicher auf."',
      "}",
    ],
    "i18n",
    4,
  );
  neg(
    "docs/authentication.md",
    [
      "# Authentication",
      "",
      "Every request needs an API token in the `Authorization` header:",
      "",
      "```http",
      "GET /v1/projects HTTP/1.1",
      "Authorization: Bearer <YOUR_API_TOKEN>",
      "```",
      "",
      "Create a token under **Settings → Tokens**. Tokens start with `acme_` and are 40 characters long.",
      "The password for the admin console is set during installation; there is no default password.",
      "",
      "```sh",
      "export ACME_TOKEN=<token>",
      'curl -H "Authorization: Bearer $ACME_TOKEN" https://api.acme.io/v1/projects',
      "```",
      "",
      "To configure AWS, run `aws configure` and enter your access key id (for example `AKIAIOSFODNN7EXAMPLE`)",
      "and secret access key (for example `wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY`).",
      "",
      "A GitHub token looks like `ghp_` followed by 36 characters; a Slack bot token starts with `xoxb-`.",
      "Set `client_secret` to the value from the OAuth app page, and `password` to your database password.",
    ],
    "docs-prose",
    12,
  );
  neg(
    "docs/aws-setup.md",
    [
      "## Credentials file",
      "",
      "```ini",
      "[default]",
      "aws_access_key_id = AKIAIOSFODNN7EXAMPLE",
      "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
      "```",
      "",
      "Temporary credentials look like `ASIAIOSFODNN7EXAMPLE` with a session token.",
    ],
    "doc-example-key",
    3,
  );

  // Type annotations and code that names secrets without holding them
  neg(
    "app/models.py",
    [
      "from dataclasses import dataclass",
      "",
      "@dataclass",
      "class Credentials:",
      "    username: str",
      "    password: str",
      "    api_key: str | None = None",
      "    client_secret: Optional[str] = None",
      "",
      "def connect(password: str = None, token: Optional[str] = None) -> None:",
      "    if not password:",
      '        raise ValueError("password is required")',
      "    session.headers['Authorization'] = f'Bearer {token}'",
    ],
    "type-annotation",
    7,
  );
  neg(
    "app/Auth.java",
    [
      "public class Auth {",
      "    private String password;",
      "    private final char[] secretKey;",
      "    public void setPassword(String password) { this.password = password; }",
      "    public String getApiKey() { return apiKey; }",
      '    @Value("${app.jwt.secret}")',
      "    private String jwtSecret;",
      "}",
    ],
    "type-annotation",
    6,
  );
  neg(
    "app/auth.go",
    [
      "type Config struct {",
      '\tPassword string `json:"password" env:"DB_PASSWORD"`',
      '\tAPIKey   string `yaml:"api_key"`',
      '\tToken    string `mapstructure:"token"`',
      "}",
      "",
      'func (c Config) Redacted() string { return strings.Repeat("*", len(c.Password)) }',
    ],
    "type-annotation",
    3,
  );
  neg(
    "app/auth.rb",
    [
      "class User < ApplicationRecord",
      "  has_secure_password",
      "  validates :password, length: { minimum: 12 }",
      "  attr_accessor :api_token",
      "  def reset_password!(new_password)",
      "    update!(password: new_password, password_confirmation: new_password)",
      "  end",
      "end",
    ],
    "type-annotation",
    4,
  );
  neg(
    "app/Login.cs",
    [
      "public class LoginModel",
      "{",
      "    public string Password { get; set; } = string.Empty;",
      "    public string? ApiKey { get; init; }",
      "    [DataType(DataType.Password)]",
      "    public string ConfirmPassword { get; set; }",
      "}",
    ],
    "type-annotation",
    3,
  );
  neg(
    "app/login.php",
    [
      "<?php",
      "$password = $_POST['password'] ?? '';",
      "$token = bin2hex(random_bytes(32));",
      "if (!password_verify($password, $user->password_hash)) {",
      "    throw new AuthException('Invalid password');",
      "}",
    ],
    "type-annotation",
    4,
  );

  // Identifiers that are not secrets: UUIDs, git SHAs, hashes
  const ids = ["# release 4.12.0", ""];
  for (let i = 0; i < 15; i++)
    ids.push(
      `- ${rand(HEX, 40)} ${pick(["fix", "feat", "chore"])}: ${pick(["retry uploads", "bump deps", "tidy logging", "cache manifests", "stream exports"])} (request ${uuid()})`,
    );
  ids.push(
    "",
    `Docker image digest: sha256:${rand(HEX, 64)}`,
    `Build id: ${uuid()}`,
    `Tarball sha1: ${rand(HEX, 40)}`,
    `md5: ${rand(HEX, 32)}`,
  );
  neg("docs/CHANGELOG.md", ids, "uuid-sha", 34);
  const uuids = [
    "[",
    ...Array.from(
      { length: 12 },
      (_, i) =>
        `  { "id": "${uuid()}", "tenantId": "${uuid()}", "name": "${word()}", "etag": "W/\\"${rand(HEX, 32)}\\"" }${i < 11 ? "," : ""}`,
    ),
    "]",
  ];
  neg("data/tenants.json", uuids, "uuid-sha", 36);

  // Encoded binaries: data URIs, fonts, SRI
  const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), bytes(600)]).toString(
    "base64",
  );
  const woff2 = Buffer.concat([Buffer.from("wOF2"), bytes(1800)]).toString("base64");
  const css = [
    ":root {",
    "  --brand: #3b82f6;",
    "  --brand-dark: #1e40af;",
    "  --accent: #f59e0b;",
    "  --bg: #0b1020;",
    "}",
    ".logo {",
    `  background-image: url("data:image/png;base64,${png}");`,
    "}",
    "@font-face {",
    '  font-family: "Inter";',
    `  src: url(data:font/woff2;base64,${woff2}) format("woff2");`,
    "}",
    `.icon { background: url('data:image/svg+xml;base64,${b64('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><path d="M12 2L2 7l10 5 10-5-10-5z"/></svg>')}'); color: #a3e635; }`,
  ];
  neg("web/styles.css", css, "encoded-binary", 7);
  const html = [
    "<!doctype html>",
    "<html>",
    "<head>",
    ...Array.from(
      { length: 5 },
      () =>
        `  <script src="https://cdn.jsdelivr.net/npm/${pick(pkgs)}@1/dist/index.min.js" integrity="sha384-${bytes(48).toString("base64")}" crossorigin="anonymous"></script>`,
    ),
    `  <link rel="stylesheet" href="/app.css" integrity="sha256-${bytes(32).toString("base64")}">`,
    `  <meta name="csrf-param" content="authenticity_token">`,
    `  <img alt="logo" src="data:image/png;base64,${png.slice(0, 400)}">`,
    "</head>",
    '<body><input type="password" name="password" placeholder="Password" autocomplete="current-password"></body>',
    "</html>",
  ];
  neg("web/index.html", html, "sri-hash", 9);

  // Minified JavaScript with long identifiers
  const ident = () => rand(LOWER + UPPER, between(18, 30));
  const min = Array.from(
    { length: 30 },
    () => `function ${ident()}(${ident()},e){return e.${ident()}?${ident()}(e):0x${rand(HEX, 8)}}`,
  ).join(";");
  neg(
    "web/vendor.min.js",
    [
      `/*! vendor bundle */!function(){"use strict";var t="${rand(ALNUM, 64)}".split(""),apiKeyHeader="X-Api-Key",passwordField="password";${min}}();`,
      `//# sourceMappingURL=data:application/json;base64,${b64(JSON.stringify({ version: 3, sources: ["a.js"], mappings: "AAAA,SAASA,GAAG;" + rand(ALNUM, 200) }))}`,
    ],
    "minified-js",
    32,
  );

  // Public keys and certificates
  const cert = `-----BEGIN CERTIFICATE-----\n${wrap("MIIDdzCCAl+gAwIBAgIE" + rand(B64, 1200), 64)}\n-----END CERTIFICATE-----`;
  const pub = `-----BEGIN PUBLIC KEY-----\n${wrap("MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA" + rand(B64, 348) + "IDAQAB", 64)}\n-----END PUBLIC KEY-----`;
  neg("keys/server.crt", [cert], "public-key-cert", 1);
  neg(
    "keys/ca-bundle.pem",
    [
      cert.replace(/MIID/, "MIIE"),
      "",
      `-----BEGIN CERTIFICATE-----\n${wrap("MIIFazCCA1OgAwIBAgIR" + rand(B64, 1400), 64)}\n-----END CERTIFICATE-----`,
    ],
    "public-key-cert",
    2,
  );
  neg(
    "keys/signing.pub.pem",
    [
      pub,
      "",
      `-----BEGIN RSA PUBLIC KEY-----\n${wrap("MIIBCgKCAQEA" + rand(B64, 340) + "IDAQAB", 64)}\n-----END RSA PUBLIC KEY-----`,
    ],
    "public-key-cert",
    2,
  );
  neg(
    "keys/id_ed25519.pub",
    [`ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI${rand(B64, 43)} ${user()}@${word()}`],
    "public-key-cert",
    1,
  );
  neg(
    "keys/authorized_keys",
    Array.from({ length: 4 }, () => `ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABgQ${rand(B64, 520)} ${user()}@${word()}`),
    "public-key-cert",
    4,
  );
  neg(
    "keys/known_hosts",
    Array.from(
      { length: 4 },
      () =>
        `${word()}.acme.io ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBB${rand(B64, 88)}=`,
    ),
    "public-key-cert",
    4,
  );
  neg(
    "keys/pgp-public.asc",
    [
      `-----BEGIN PGP PUBLIC KEY BLOCK-----\n\n${wrap("mQINBG" + rand(B64, 900), 64)}\n=${rand(B64, 4)}\n-----END PGP PUBLIC KEY BLOCK-----`,
    ],
    "public-key-cert",
    1,
  );

  // Look-alikes: wrong checksum, wrong length, wrong prefix
  const looks = ["// Token-shaped strings used by the parser unit tests. None of them is valid."];
  for (const prefix of ["ghp_", "gho_", "ghu_", "ghs_", "ghr_", "npm_"]) {
    for (let i = 0; i < 3; i++) {
      const body = rand(ALNUM, 30);
      let bad = base62(crc32(body), 6);
      bad = bad.slice(0, 5) + (bad[5] === "Z" ? "Y" : "Z");
      looks.push(`const badChecksum${prefix.slice(0, -1)}${i} = "${prefix}${body}${bad}";`);
    }
  }
  looks.push(
    `const shortGithub = "ghp_${rand(ALNUM, 20)}";`,
    `const wrongPrefix = "ghx_${rand(ALNUM, 36)}";`,
    `const shortAws = "AKIA${rand(BASE32, 12)}";`,
    `const lowerAws = "akia${rand(LOWER_NUM, 16)}";`,
  );
  looks.push(
    `const shortGoogle = "AIza${rand(ALNUM, 20)}";`,
    `const shortSlack = "xoxb-${digits(5)}";`,
    `const shortDo = "dop_v1_${rand(HEX, 20)}";`,
    `const shortNpm = "npm_${rand(ALNUM, 20)}";`,
    `const noPrefixStripe = "live_${rand(ALNUM, 8)}";`,
    `const shortAge = "AGE-SECRET-KEY-1${rand(BECH32, 20)}";`,
  );
  // Checksummed formats with one character of the checksum changed
  const lastChanged = (text, alphabet) =>
    text.slice(0, -1) + alphabet[(alphabet.indexOf(text.at(-1)) + 1) % alphabet.length];
  looks.push(
    `const badChecksumAge = "${lastChanged(ageKey(), BECH32)}";`,
    `const badChecksumGrafana = "${lastChanged(grafanaToken(), HEX)}";`,
    `const badChecksumGitlab = "${lastChanged(gitlabRoutable("glpat-"), LOWER_NUM)}";`,
  );
  neg("test/parser.fixtures.js", looks, "look-alike", looks.length - 1);

  // Misc config with non-secret values near secret-ish keys
  neg(
    "config/app.yaml",
    [
      "server:",
      "  port: 8080",
      "  session_timeout: 3600",
      "auth:",
      "  password_min_length: 12",
      "  token_ttl: 15m",
      "  secret_rotation_days: 90",
      "  api_key_header: X-Api-Key",
      "  password_hash: argon2id",
      "  client_secret_required: true",
      "  token_endpoint: https://auth.acme.io/oauth/token",
      "  public_key_url: https://auth.acme.io/.well-known/jwks.json",
      "features:",
      "  secret_santa: false",
      `  color: "#ff5733"`,
    ],
    "config-non-secret",
    11,
  );
  neg(
    "config/jwks.json",
    [
      "{",
      '  "keys": [',
      "    {",
      '      "kty": "RSA",',
      '      "use": "sig",',
      `      "kid": "${rand(HEX, 16)}",`,
      '      "alg": "RS256",',
      '      "e": "AQAB",',
      `      "n": "${rand(B64URL, 342)}"`,
      "    }",
      "  ]",
      "}",
    ],
    "public-key-cert",
    1,
  );
}

// ---------------------------------------------------------------------------------------------

function main() {
  writeValueHosts();
  writeBlockHosts();
  writeFileFormats();
  writeNegatives();

  rmSync(OUT, { recursive: true, force: true });
  let bytesTotal = 0;
  for (const path of [...files.keys()].sort()) {
    const target = join(OUT, path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, files.get(path));
    bytesTotal += Buffer.byteLength(files.get(path));
  }
  labels.sort((a, b) =>
    a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || (a.format < b.format ? -1 : 1),
  );
  const labelsText = JSON.stringify(labels, null, 1) + "\n";
  writeFileSync(join(OUT, "labels.json"), labelsText);
  bytesTotal += Buffer.byteLength(labelsText);

  const negativeTotal = [...negatives.values()].reduce((a, b) => a + b, 0);
  const families = new Set(labels.map((l) => l.family));
  process.stderr.write(
    `accuracy corpus: ${labels.length} positives, ${formatsSeen.size} formats, ${families.size} families, ` +
      `${negativeTotal} negatives (${[...negatives].map(([k, v]) => `${k} ${v}`).join(", ")}), ` +
      `${files.size + 1} files, ${bytesTotal} bytes\n`,
  );
}

main();
