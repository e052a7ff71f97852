package notify_test

import (
	"context"
	"io"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"
	"github.com/jackc/pgx/v5"

	"github.com/hoclieu/hoclieu/deploy/devstack/devtest"
	"github.com/hoclieu/hoclieu/lms/identity"
	"github.com/hoclieu/hoclieu/lms/notify"
)

func TestMain(m *testing.M) { devtest.Main(m) }

// mailbox is a real SMTP server (emersion/go-smtp) on loopback that keeps what it receives.
type mailbox struct {
	mu   sync.Mutex
	msgs []string
}

type session struct {
	box *mailbox
	to  string
}

func (b *mailbox) NewSession(*smtp.Conn) (smtp.Session, error) { return &session{box: b}, nil }
func (s *session) Reset()                                      {}
func (s *session) Logout() error                               { return nil }
func (s *session) Mail(string, *smtp.MailOptions) error        { return nil }
func (s *session) Rcpt(to string, _ *smtp.RcptOptions) error   { s.to = to; return nil }
func (s *session) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	s.box.mu.Lock()
	s.box.msgs = append(s.box.msgs, "RCPT "+s.to+"\n"+string(b))
	s.box.mu.Unlock()
	return err
}

func startSMTP(t *testing.T) (*mailbox, string) {
	t.Helper()
	box := &mailbox{}
	srv := smtp.NewServer(box)
	srv.Domain = "localhost"
	srv.ReadTimeout, srv.WriteTimeout = 10*time.Second, 10*time.Second
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() { _ = srv.Close() })
	return box, ln.Addr().String()
}

func TestParseSMTP(t *testing.T) {
	if m, err := notify.ParseSMTP(""); m != nil || err != nil {
		t.Fatalf("empty URL: %v %v", m, err)
	}
	for _, bad := range []string{"http://mail", "smtp://", "::"} {
		if _, err := notify.ParseSMTP(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

func TestNotificationsAreMailed(t *testing.T) {
	ctx := context.Background()
	pool, _ := devtest.Pool(t)
	ids := identity.New(pool, nil)
	if _, err := ids.SeedDemo(ctx, "demo-password-123"); err != nil {
		t.Fatal(err)
	}
	box, addr := startSMTP(t)
	m, err := notify.ParseSMTP("smtp://" + addr + "?from=no-reply@truong.edu.vn")
	if err != nil {
		t.Fatal(err)
	}
	var s1, nomail int64
	if err := pool.QueryRow(ctx, `SELECT id FROM users WHERE username = 'student1'`).Scan(&s1); err != nil {
		t.Fatal(err)
	}
	if err := pool.QueryRow(ctx, `UPDATE users SET email = NULL WHERE username = 'student2' RETURNING id`).Scan(&nomail); err != nil {
		t.Fatal(err)
	}
	err = pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
		return notify.Send(ctx, tx, []int64{s1, nomail, s1}, "grade.released", "Đã có điểm: Bài luận — 8.5", "/assignments/7")
	})
	if err != nil {
		t.Fatal(err)
	}
	d := notify.NewDispatcher(pool, m, "https://hoclieu.example.edu.vn/", nil)
	sent, err := d.Run(ctx)
	if err != nil || sent != 1 {
		t.Fatalf("sent %d, %v", sent, err)
	}
	box.mu.Lock()
	msgs := append([]string(nil), box.msgs...)
	box.mu.Unlock()
	if len(msgs) != 1 || !strings.Contains(msgs[0], "RCPT student1@demo.hoclieu.local") ||
		!strings.Contains(msgs[0], "https://hoclieu.example.edu.vn/assignments/7") || !strings.Contains(msgs[0], "Subject: =?utf-8?q?") {
		t.Fatalf("mail: %q", msgs)
	}
	// Nothing is mailed twice, and the row without an address is done too.
	if sent, err := d.Run(ctx); err != nil || sent != 0 {
		t.Fatalf("second run sent %d, %v", sent, err)
	}
	var pending int
	if err := pool.QueryRow(ctx, `SELECT count(*) FROM notifications WHERE emailed_at IS NULL`).Scan(&pending); err != nil || pending != 0 {
		t.Fatalf("pending %d, %v", pending, err)
	}
}
