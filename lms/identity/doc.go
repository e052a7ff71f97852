// Package identity is who is who in Hoclieu: the organization tree (city > district >
// school), users with their citywide person IDs, roles per organization, classes,
// local password accounts with login throttling, single sign-on account mapping, and
// the audit log of security-relevant actions.
//
// It is also the one place that answers "may this actor do this action on this
// organization" (authz.go); other domains build their rules on Actor. It must never
// store a password, token or session ID anywhere but as an argon2id hash, and never
// write one to a log or the audit trail.
package identity
