import { describe, expect, it } from "vitest";
import { isPlaceholder } from "../../src/rules/placeholders.js";
import { awsSecretKey, githubToken } from "../helpers/tokens.js";

describe("isPlaceholder", () => {
  it.each([
    "${API_KEY}",
    "{{ token }}",
    "{{ .Values.secret }}",
    "<your-key-here>",
    "&lt;YOURPASSWORD&gt;",
    "&lt;db-password&gt;",
    "xxxxxxxxxxxxxxxx",
    "changeme",
    "os.getenv(",
    "process.env.API_KEY",
    'System.getenv("X")',
    "$(vault kv get secret/x)",
    "$API_TOKEN",
    "$env:API_TOKEN",
    "%API_TOKEN%",
    "AKIAIOSFODNN7EXAMPLE",
    `AQoEXAMPLEH4aoAH0gNCAPy${"Jk8vQ2mZx7Lp".repeat(12)}`,
    "github_pat_11ABCDEFG0vTxyNjNV6hEg_Wizg4JTjSYZXjQZMOQBOGJd99adYaD2gXCXWSxLYsbydosJUtOJAvcEnGgu",
    "your_api_key",
    "STRIPE_SECRET_KEY",
    "********",
    "aaaaaaaaaaaaaaaa",
    "%(db_password)s",
    "postgres://app:%(password)s@db/app",
  ])("%s is a placeholder", (value) => {
    expect(isPlaceholder(value)).toBe(true);
  });

  it.each([
    githubToken(3),
    awsSecretKey(4),
    "hunter2-Blue-Giraffe",
    "django-insecure-k3v!%(^+=tr@wq@p8-x6umhbj2s9!z&41a7+m2*q*$h0c",
    "7r%(b+q2!x_w@k9-z",
    "K(8>qZ|m<1vR]x@T;w:9!sE{pL^uJ%n3",
    `${"Qm9Lz".repeat(22)}todo${"x7Pq".repeat(5)}`,
    "$apr1$Xk9q2LmZ$Qw8e7Rt6Yu5Io4Pa3Sd2F.",
    "$y$j9T$Kq2Lm8Zx4Vb6Nc1Wd3Ef5$Gh7Jk9Lp0Qr2St4Uv6Wx8Yz1Ab3Cd5",
    "sk_live_9fQ2pL7xKm3Nv8Rt5Wz1Yb4C",
  ])("%s is not", (value) => {
    expect(isPlaceholder(value)).toBe(false);
  });
});
