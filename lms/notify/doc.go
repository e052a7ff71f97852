// Package notify writes in-app notifications (the notifications table the
// repository's review decisions also write, read on the /notifications page) in the
// caller's transaction, and mails a copy of each when SMTP is configured
// (HOCLIEU_SMTP_URL): a periodic job picks the unsent ones of the last day and sends
// them through net/smtp, so a notification is never lost with a crashed request and
// a slow mail server never holds up a page. With no SMTP URL nothing is mailed.
// The package never imports the web layer.
package notify
