// Package repository is the shared digital-resource store ("kho học liệu số"): learning
// resources with immutable versions whose files live in object storage (by sha256,
// through repository/blob), subject-panel review before publication, sharing scopes,
// soft deletion, notifications of decisions and usage statistics.
//
// Every call takes the acting user and checks it here: students only ever see
// published versions of resources shared with them; authors see their own drafts;
// panel reviewers see what is submitted to their panel. It never touches bytes itself
// (the blob store does) and never imports the web layer.
package repository
