import { beforeAll, describe, expect, it } from "vitest";
import { runMain } from "../helpers/captureIo.js";
import { newRepo, tempDir } from "../helpers/gitRepo.js";
import { configFileFindings, writeConfigFilesConfig } from "./helpers.js";

let config: string;
beforeAll(() => {
  config = writeConfigFilesConfig(tempDir());
});

/** Tools' credential files holding a literal secret (synthetic values), each with the rule that must report it. */
const LEAKY: Record<string, { rule: string; content: string }> = {
  "sftp-config.json": {
    rule: "ftp-deploy-config-file",
    content:
      '{\n  "type": "sftp",\n  "host": "web01.acme-corp.io",\n  "user": "deploy",\n  "password": "XNoT0AU06BjRMg"\n}\n',
  },
  "backup/FileZilla/sitemanager.xml": {
    rule: "ftp-deploy-config-file",
    content:
      '<FileZilla3><Servers><Server><Host>ftp.acme-corp.io</Host><Pass encoding="base64">UXNEYVBHNkRVSHV5c2tCMw==</Pass></Server></Servers></FileZilla3>\n',
  },
  "jenkins_home/credentials.xml": {
    rule: "jenkins-credentials-file",
    content: "<entry>\n  <password>{AQAAABAAAAAQhWUs65TXQV3mT2JgENq3p7MY6Rx5GgL8girWh5pIEoQ=}</password>\n</entry>\n",
  },
  "jenkins_home/secrets/master.key": {
    rule: "jenkins-secret-key-file",
    content: "bafaf43f69b2953d1c36b1d8b36322c7ec226f667a52f2c15e4a9244a0adeb57\n",
  },
  ".m2/settings.xml": {
    rule: "maven-settings-file",
    content:
      "<settings><servers><server><id>releases</id><password>0F8NVfw1ksM4OORUco</password></server></servers></settings>\n",
  },
  ".vault-token": { rule: "vault-token-file", content: "hvs.xe770DKUm4VIldE7ZT4ef2pZ\n" },
  "config/database.yml": {
    rule: "app-secrets-yaml-file",
    content: "production:\n  adapter: postgresql\n  username: app\n  password: eUSiG6obZSAQMnCZKs9h\n",
  },
  "src/Api/appsettings.Production.json": {
    rule: "dotnet-app-settings-file",
    content: '{"ConnectionStrings": {"Db": "Server=sql01;Database=app;User Id=app;Password=QsDaPG6DUHuyskB3;"}}\n',
  },
  "vpn/wg0.conf": {
    rule: "wireguard-config-file",
    content: "[Interface]\nAddress = 10.8.0.2/24\nPrivateKey = /NyJQK9O4jcNqwmBS/7/n0VMJd958BlpNpP9Vv6YQ1E=\n",
  },
  "home/dev/.msmtprc": {
    rule: "mail-client-config-file",
    content: "account default\nhost smtp.acme-corp.io\nuser ops\npassword e4HGBYAGe7t2M1HF\n",
  },
  "dotfiles/.bashrc": {
    rule: "shell-profile-secret-file",
    content: "alias ll='ls -la'\nexport DB_PASSWORD=\"ilqzTOm6fDfhKM\"\n",
  },
  ".config/gh/hosts.yml": {
    rule: "github-cli-config-file",
    content: "github.com:\n    user: octo-dev\n    oauth_token: gho_PptYBWVQTcv4PVop0djFnBc0Boo3FyTefN66\n",
  },
};

/** The same kinds of files holding only references, settings or nothing secret: none may be reported. */
const HARMLESS: Record<string, string> = {
  ".vscode/sftp.json": '{\n  "host": "web01.acme-corp.io",\n  "password": "${env:SFTP_PASSWORD}"\n}\n',
  "tools/credentials.xml": '<credentials>\n  <credential id="ldap" type="password" />\n</credentials>\n',
  "ci/settings.xml":
    "<settings><servers><server><id>r</id><password>${env.MAVEN_PASSWORD}</password></server></servers></settings>\n",
  "config/secrets.yml": 'production:\n  secret_key_base: <%= ENV["SECRET_KEY_BASE"] %>\n',
  "local.settings.json": '{"IsEncrypted": false, "Values": {"AzureWebJobsStorage": "UseDevelopmentStorage=true"}}\n',
  "dotfiles/.zshrc": 'export PATH="$HOME/bin:$PATH"\nexport GITHUB_TOKEN=$(pass show github/token)\n',
  "nginx/site.conf": "server {\n  listen 80;\n  server_name acme-corp.io;\n}\n",
};

describe("credential files of common tools (built-in file rules)", () => {
  it("reports each file that holds a literal credential with its tool's rule, and none of the harmless twins", async () => {
    const repo = newRepo();
    for (const [path, { content }] of Object.entries(LEAKY)) repo.write(path, content);
    for (const [path, content] of Object.entries(HARMLESS)) repo.write(path, content);
    repo.commit("init");
    const run = await runMain(["scan", "--config", config, "-f", "json"], repo.dir);
    expect(run.code).toBe(1);
    const found = configFileFindings(run.stdout);
    const rules = Object.fromEntries([...found].map(([path, finding]) => [path, finding.ruleId]));
    expect(rules).toEqual(Object.fromEntries(Object.entries(LEAKY).map(([path, { rule }]) => [path, rule])));
    expect(run.stdout).not.toContain("XNoT0AU06BjRMg");
  });
});
