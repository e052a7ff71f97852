package notify

import (
	"context"
	"crypto/tls"
	"fmt"
	"log/slog"
	"mime"
	"net"
	"net/smtp"
	"net/url"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"
)

// Mailer sends mail through one SMTP server, configured by a URL:
// smtp://user:pass@host:587?from=no-reply@school.edu.vn (STARTTLS when offered) or
// smtps://... (TLS from the first byte).
type Mailer struct {
	addr, host string
	implicit   bool
	auth       smtp.Auth
	from       string
}

// ParseSMTP reads an SMTP URL; "" gives nil (mail off).
func ParseSMTP(raw string) (*Mailer, error) {
	if raw == "" {
		return nil, nil
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "smtp" && u.Scheme != "smtps") || u.Hostname() == "" {
		return nil, fmt.Errorf("notify: SMTP URL must look like smtp://user:pass@host:587?from=addr")
	}
	m := &Mailer{host: u.Hostname(), implicit: u.Scheme == "smtps", from: u.Query().Get("from")}
	port := u.Port()
	if port == "" {
		port = map[bool]string{true: "465", false: "587"}[m.implicit]
	}
	m.addr = net.JoinHostPort(m.host, port)
	if u.User != nil {
		pw, _ := u.User.Password()
		m.auth = smtp.PlainAuth("", u.User.Username(), pw, m.host)
		if m.from == "" && strings.Contains(u.User.Username(), "@") {
			m.from = u.User.Username()
		}
	}
	if m.from == "" {
		m.from = "no-reply@" + m.host
	}
	return m, nil
}

// Send mails one plain-text message, within ctx's deadline.
func (m *Mailer) Send(ctx context.Context, to, subject, body string) error {
	d := net.Dialer{Timeout: 10 * time.Second}
	conn, err := d.DialContext(ctx, "tcp", m.addr)
	if err != nil {
		return fmt.Errorf("notify: smtp dial: %w", err)
	}
	if dl, ok := ctx.Deadline(); ok {
		_ = conn.SetDeadline(dl)
	}
	if m.implicit {
		conn = tls.Client(conn, &tls.Config{ServerName: m.host})
	}
	c, err := smtp.NewClient(conn, m.host)
	if err != nil {
		conn.Close()
		return fmt.Errorf("notify: smtp: %w", err)
	}
	defer c.Close()
	if ok, _ := c.Extension("STARTTLS"); ok && !m.implicit {
		if err := c.StartTLS(&tls.Config{ServerName: m.host}); err != nil {
			return fmt.Errorf("notify: starttls: %w", err)
		}
	}
	if m.auth != nil {
		if err := c.Auth(m.auth); err != nil {
			return fmt.Errorf("notify: smtp auth: %w", err)
		}
	}
	if err := c.Mail(m.from); err != nil {
		return fmt.Errorf("notify: smtp from: %w", err)
	}
	if err := c.Rcpt(to); err != nil {
		return fmt.Errorf("notify: smtp to: %w", err)
	}
	w, err := c.Data()
	if err != nil {
		return fmt.Errorf("notify: smtp data: %w", err)
	}
	msg := "From: " + m.from + "\r\nTo: " + to + "\r\nSubject: " + mime.QEncoding.Encode("utf-8", subject) +
		"\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n" +
		strings.ReplaceAll(body, "\n", "\r\n") + "\r\n"
	if _, err := w.Write([]byte(msg)); err != nil {
		return fmt.Errorf("notify: smtp write: %w", err)
	}
	if err := w.Close(); err != nil {
		return fmt.Errorf("notify: smtp data: %w", err)
	}
	return c.Quit()
}

// Dispatcher mails the notifications not mailed yet.
type Dispatcher struct {
	db      *pgxpool.Pool
	mail    *Mailer
	baseURL string
	log     *slog.Logger
}

// NewDispatcher returns a dispatcher; links in the mail start with baseURL.
func NewDispatcher(db *pgxpool.Pool, m *Mailer, baseURL string, log *slog.Logger) *Dispatcher {
	if log == nil {
		log = slog.Default()
	}
	return &Dispatcher{db: db, mail: m, baseURL: strings.TrimSuffix(baseURL, "/"), log: log}
}

// Run mails up to 100 notifications of the last day not mailed yet and reports how
// many it sent. Rows of users without an e-mail address are marked done; a failed
// send stays for the next run.
func (d *Dispatcher) Run(ctx context.Context) (int, error) {
	sent := 0
	err := pgx.BeginFunc(ctx, d.db, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, `SELECT n.id, COALESCE(u.email, ''), n.title, n.link FROM notifications n JOIN users u ON u.id = n.user_id
			WHERE n.emailed_at IS NULL AND n.created_at > now() - interval '1 day'
			ORDER BY n.id LIMIT 100 FOR UPDATE OF n SKIP LOCKED`)
		if err != nil {
			return err
		}
		type note struct {
			ID                 int64
			Email, Title, Link string
		}
		notes, err := pgx.CollectRows(rows, pgx.RowToStructByPos[note])
		if err != nil {
			return err
		}
		var done []int64
		for _, n := range notes {
			if n.Email != "" {
				sctx, cancel := context.WithTimeout(ctx, 20*time.Second)
				err := d.mail.Send(sctx, n.Email, "Hoclieu: "+n.Title, n.Title+"\n\n"+d.baseURL+n.Link)
				cancel()
				if err != nil {
					d.log.Warn("notify: mail", "notification", n.ID, "err", err)
					continue
				}
				sent++
			}
			done = append(done, n.ID)
		}
		_, err = tx.Exec(ctx, `UPDATE notifications SET emailed_at = now() WHERE id = ANY($1)`, done)
		return err
	})
	if err != nil {
		return sent, fmt.Errorf("notify: dispatch: %w", err)
	}
	return sent, nil
}

// MailArgs is the periodic job that mails pending notifications.
type MailArgs struct{}

// Kind names the job in the queue.
func (MailArgs) Kind() string { return "notify.mail" }

// MailWorker works MailArgs.
type MailWorker struct {
	river.WorkerDefaults[MailArgs]
	d *Dispatcher
}

// NewMailWorker returns the worker.
func NewMailWorker(d *Dispatcher) *MailWorker { return &MailWorker{d: d} }

// Work mails what is pending.
func (w *MailWorker) Work(ctx context.Context, _ *river.Job[MailArgs]) error {
	_, err := w.d.Run(ctx)
	return err
}
