/**
 * The content rule tests use when they must not depend on the built-in rule pack: `ghp_`-style
 * tokens (pair it with `githubToken()` from tokens.ts for synthetic values).
 */
export const TOKEN_RULE_YAML = `  - id: test-token
    name: Test token
    description: A ghp_-style token.
    kind: token
    severity: high
    keywords: [ghp_]
    pattern: '(?<secret>ghp_[A-Za-z0-9]{36})'
`;

/** A config running only TOKEN_RULE_YAML. */
export const TOKEN_ONLY_CONFIG = `useDefaultRules: false\nrules:\n${TOKEN_RULE_YAML}`;
