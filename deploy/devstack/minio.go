package devstack

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"syscall"
	"time"
)

// MinioOptions configures a private MinIO server.
type MinioOptions struct {
	Dir    string    // where objects and the generated root credentials are kept
	Binary string    // the minio binary; "": ./bin/minio, then $PATH
	Port   int       // 0: a free port
	Log    io.Writer // nil: discarded
}

// Minio is a running MinIO server.
type Minio struct {
	proc      *process
	Endpoint  string // host:port
	AccessKey string
	SecretKey string
}

// Stop stops the server.
func (m *Minio) Stop() { m.proc.stop(syscall.SIGTERM, 15*time.Second) }

// MinioBinary finds the MinIO server binary.
func MinioBinary(explicit string) (string, error) {
	if explicit != "" {
		return explicit, nil
	}
	candidates := []string{"bin/minio"}
	if exe, err := os.Executable(); err == nil {
		candidates = append(candidates, filepath.Join(filepath.Dir(exe), "minio"))
	}
	for _, c := range candidates {
		if st, err := os.Stat(c); err == nil && !st.IsDir() {
			return filepath.Abs(c)
		}
	}
	if p, err := exec.LookPath("minio"); err == nil {
		return p, nil
	}
	return "", errors.New("devstack: minio binary not found in ./bin or $PATH (make tools installs it)")
}

// StartMinio starts MinIO on loopback, generating root credentials on first use.
func StartMinio(ctx context.Context, o MinioOptions) (*Minio, error) {
	bin, err := MinioBinary(o.Binary)
	if err != nil {
		return nil, err
	}
	dir, err := filepath.Abs(o.Dir)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(filepath.Join(dir, "data"), 0o700); err != nil {
		return nil, fmt.Errorf("devstack: create %s: %w", dir, err)
	}
	access, secret, err := minioCredentials(dir)
	if err != nil {
		return nil, err
	}
	port := o.Port
	if port == 0 {
		if port, err = freePort(); err != nil {
			return nil, err
		}
	}
	console, err := freePort()
	if err != nil {
		return nil, err
	}
	endpoint := "127.0.0.1:" + strconv.Itoa(port)
	cmd := exec.Command(bin, "server", filepath.Join(dir, "data"), "--quiet",
		"--address", endpoint, "--console-address", "127.0.0.1:"+strconv.Itoa(console))
	cmd.Env = append(os.Environ(), "MINIO_ROOT_USER="+access, "MINIO_ROOT_PASSWORD="+secret,
		"MINIO_BROWSER=off", "MINIO_UPDATE=off", "MINIO_CONFIG_DIR="+filepath.Join(dir, "config"))
	proc, err := startProcess("minio", cmd, o.Log)
	if err != nil {
		return nil, err
	}
	m := &Minio{proc: proc, Endpoint: endpoint, AccessKey: access, SecretKey: secret}
	client := &http.Client{Timeout: time.Second}
	err = waitFor(ctx, proc, "minio", func(ctx context.Context) error {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, "http://"+endpoint+"/minio/health/ready", nil)
		resp, err := client.Do(req)
		if err != nil {
			return err
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			return fmt.Errorf("health: %s", resp.Status)
		}
		return nil
	})
	if err != nil {
		m.Stop()
		return nil, err
	}
	return m, nil
}

// minioCredentials reads or creates the root credentials kept in dir (mode 0600).
func minioCredentials(dir string) (string, string, error) {
	path := filepath.Join(dir, "root.credentials")
	if b, err := os.ReadFile(path); err == nil && len(b) == 64+1+20 {
		return string(b[:20]), string(b[21:]), nil
	}
	access, secret := randomHex(10), randomHex(32)
	if err := os.WriteFile(path, []byte(access+":"+secret), 0o600); err != nil {
		return "", "", fmt.Errorf("devstack: save minio credentials: %w", err)
	}
	return access, secret, nil
}
