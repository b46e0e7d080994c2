//! A PostgreSQL server of the tests' own: started once per test binary in a private temporary
//! folder (`initdb`, then `postgres` on a Unix socket in that folder, as the `postgres` user when
//! the tests run as root), with a fresh database for each office a test asks for. The server
//! stops and its folder is removed when the test binary ends: a watchdog shell waits on a pipe
//! the tests hold, and its end of the pipe closes with the process, however it ends.
//!
//! The server's binaries come from Debian's `postgresql` package (`/usr/lib/postgresql/*/bin`),
//! which `.ci/run` and the README's set-up install; without them every test that needs a
//! server fails saying so.

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

/// The running server.
pub struct Server {
    /// The folder of its Unix socket (and its data).
    pub folder: PathBuf,
    pub port: u16,
    /// The watchdog's input: the server stops when it closes.
    _watchdog: Mutex<(Child, ChildStdin)>,
}

static SERVER: OnceLock<Server> = OnceLock::new();
static TLS_SERVER: OnceLock<Server> = OnceLock::new();
static DATABASES: AtomicU32 = AtomicU32::new(0);
static INSTALL_TRIED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// The folder of the server's binaries: the newest of Debian's, or `pg_config --bindir`.
fn binaries() -> PathBuf {
    let mut found: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .map(|d| {
            d.filter_map(|e| e.ok())
                .map(|e| e.path().join("bin"))
                .filter(|p| p.join("initdb").exists())
                .collect()
        })
        .unwrap_or_default();
    found.sort_by_key(|p| {
        p.parent()
            .and_then(|v| v.file_name())
            .and_then(|v| v.to_str())
            .and_then(|v| v.parse::<u32>().ok())
            .unwrap_or(0)
    });
    if let Some(newest) = found.pop() {
        return newest;
    }
    if let Ok(out) = Command::new("pg_config").arg("--bindir").output()
        && out.status.success()
    {
        let bin = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
        if bin.join("initdb").exists() {
            return bin;
        }
    }
    // On a fresh Debian machine, as root (as CI runs), the package is installed once, saying
    // so: `cargo test` is one of the README's two commands.
    if is_root()
        && Path::new("/usr/bin/apt-get").exists()
        && !INSTALL_TRIED.swap(true, Ordering::SeqCst)
    {
        eprintln!("the tests' PostgreSQL: installing Debian's postgresql package (apt-get)");
        let installed = Command::new("sh")
            .args([
                "-c",
                "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql",
            ])
            .status()
            .is_ok_and(|s| s.success());
        if installed {
            return binaries();
        }
    }
    panic!(
        "these tests need PostgreSQL's server binaries (initdb, postgres): install Debian's \
         postgresql package (apt-get install -y postgresql), as .ci/run does"
    );
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false)
}

/// A command run as the server's owner: the `postgres` user when the tests run as root (the
/// server refuses to run as root), the tests' own user otherwise.
fn as_owner(program: &Path) -> Command {
    if is_root() {
        let mut c = Command::new("runuser");
        c.args(["-u", "postgres", "--"]).arg(program);
        c
    } else {
        Command::new(program)
    }
}

impl Server {
    fn start() -> Server {
        Self::start_with(false)
    }

    /// With `tls`: the server also listens on 127.0.0.1 (a free port), with a certificate of its
    /// own making, and refuses a connection over TCP that is not encrypted.
    fn start_with(tls: bool) -> Server {
        sweep_stale();
        let bin = binaries();
        let folder = tempfile::Builder::new()
            .prefix("duban-pg-")
            .tempdir()
            .unwrap()
            .keep();
        if is_root() {
            let status = Command::new("chown")
                .args(["postgres:postgres"])
                .arg(&folder)
                .status()
                .unwrap();
            assert!(status.success(), "chown of the server's folder");
        }
        let data = folder.join("data");
        let out = as_owner(&bin.join("initdb"))
            .arg("-D")
            .arg(&data)
            .args([
                "-A",
                "trust",
                "-U",
                "postgres",
                "-E",
                "UTF8",
                "--locale=C.UTF-8",
            ])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "initdb failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let port = if tls {
            std::net::TcpListener::bind("127.0.0.1:0")
                .unwrap()
                .local_addr()
                .unwrap()
                .port()
        } else {
            5432
        };
        let mut tls_options = String::new();
        if tls {
            let (cert, key) = (folder.join("server.crt"), folder.join("server.key"));
            let made = Command::new("openssl")
                .args([
                    "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                ])
                .args(["-subj", "/CN=localhost", "-keyout"])
                .arg(&key)
                .arg("-out")
                .arg(&cert)
                .output()
                .unwrap();
            assert!(
                made.status.success(),
                "openssl: {}",
                String::from_utf8_lossy(&made.stderr)
            );
            let hba = folder.join("hba.conf");
            std::fs::write(
                &hba,
                "local all all trust\nhostssl all all 127.0.0.1/32 trust\n\
                 hostnossl all all 127.0.0.1/32 reject\n",
            )
            .unwrap();
            if is_root() {
                for f in [&cert, &key, &hba] {
                    assert!(
                        Command::new("chown")
                            .arg("postgres")
                            .arg(f)
                            .status()
                            .unwrap()
                            .success()
                    );
                }
            }
            let mut perms = std::fs::metadata(&key).unwrap().permissions();
            std::os::unix::fs::PermissionsExt::set_mode(&mut perms, 0o600);
            std::fs::set_permissions(&key, perms).unwrap();
            tls_options = format!(
                " -c listen_addresses=127.0.0.1 -c ssl=on -c ssl_cert_file='{}' \
                 -c ssl_key_file='{}' -c hba_file='{}'",
                cert.display(),
                key.display(),
                hba.display()
            );
        }
        // The watchdog: starts the server, waits for its input to close (the test binary
        // ended), then stops the server and removes the folder.
        let script = format!(
            "'{postgres}' -D '{data}' -k '{folder}' -p {port} -c listen_addresses= \
             -c fsync=off -c synchronous_commit=off -c full_page_writes=off \
             -c max_connections=200{tls_options} >'{folder}/log' 2>&1 & pid=$!; \
             cat >/dev/null; kill -INT $pid; wait $pid; rm -rf '{folder}'",
            postgres = bin.join("postgres").display(),
            data = data.display(),
            folder = folder.display(),
        );
        let mut child = as_owner(Path::new("/bin/sh"))
            .args(["-c", &script])
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdin = child.stdin.take().unwrap();
        let server = Server {
            folder,
            port,
            _watchdog: Mutex::new((child, stdin)),
        };
        server.wait_ready();
        server
    }

    fn wait_ready(&self) {
        let started = Instant::now();
        loop {
            match postgres::Client::connect(&self.url("postgres"), postgres::NoTls) {
                Ok(_) => return,
                Err(e) if started.elapsed() > Duration::from_secs(60) => {
                    let log = std::fs::read_to_string(self.folder.join("log")).unwrap_or_default();
                    panic!("the tests' PostgreSQL did not start: {e}\n{log}");
                }
                Err(_) => std::thread::sleep(Duration::from_millis(100)),
            }
        }
    }

    /// The address of database `name` on the server, as the superuser.
    pub fn url(&self, name: &str) -> String {
        self.url_as("postgres", name)
    }

    /// The address of database `name` on the server, as `user`.
    pub fn url_as(&self, user: &str, name: &str) -> String {
        format!(
            "postgres://{user}@localhost:{}/{name}?host={}",
            self.port,
            self.folder.display()
        )
    }

    /// The address of database `name` over TCP on 127.0.0.1, as the superuser, with `sslmode`.
    pub fn tcp_url(&self, name: &str, sslmode: &str) -> String {
        format!(
            "postgres://postgres@127.0.0.1:{}/{name}?sslmode={sslmode}",
            self.port
        )
    }

    /// Runs SQL as the superuser, in the database `name`.
    pub fn admin(&self, name: &str, sql: &str) {
        let mut c = postgres::Client::connect(&self.url(name), postgres::NoTls).unwrap();
        c.batch_execute(sql).unwrap();
    }

    /// A login role named `name` that may do anything (a clerk of the tests), made once.
    pub fn login_role(&self, name: &str) {
        let quoted = name.replace('"', "\"\"");
        let mut c = postgres::Client::connect(&self.url("postgres"), postgres::NoTls).unwrap();
        // Two tests may make the same clerk at once: the second is told it exists.
        let _ = c.batch_execute(&format!(
            "DO $$ BEGIN CREATE ROLE \"{quoted}\" LOGIN SUPERUSER; \
             EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$"
        ));
    }

    /// A new, empty database of its own; its address.
    pub fn fresh_database(&self) -> String {
        let n = DATABASES.fetch_add(1, Ordering::SeqCst);
        let name = format!("office_{}_{n}", std::process::id());
        self.admin("postgres", &format!("CREATE DATABASE {name}"));
        self.url(&name)
    }

    /// Stops the server at once (as a crash or `pg_ctl stop -m immediate` would).
    pub fn stop_immediately(&self) {
        let out = as_owner(&binaries().join("pg_ctl"))
            .arg("-D")
            .arg(self.folder.join("data"))
            .args(["stop", "-m", "immediate"])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    /// Starts the server again after [`Server::stop_immediately`].
    pub fn start_again(&self) {
        let out = as_owner(&binaries().join("pg_ctl"))
            .arg("-D")
            .arg(self.folder.join("data"))
            .arg("-o")
            .arg(format!(
                "-k {} -p {} -c listen_addresses= -c fsync=off",
                self.folder.display(),
                self.port
            ))
            .args(["-l"])
            .arg(self.folder.join("log2"))
            .args(["-w", "start"])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let _ = std::io::stdout().flush();
        self.wait_ready();
    }
}

/// Removes the folders of servers of earlier runs that were killed before they could remove
/// their own: an hour old, and no server running in them.
fn sweep_stale() {
    let Ok(entries) = std::fs::read_dir(std::env::temp_dir()) else {
        return;
    };
    for e in entries.flatten() {
        let path = e.path();
        let ours = path
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with("duban-pg-"));
        let old = e
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age > Duration::from_secs(3600));
        if ours && old && !path.join("data").join("postmaster.pid").exists() {
            let _ = std::fs::remove_dir_all(&path);
        }
    }
}

/// The database an address of [`Server::url`] names.
pub fn database_of(url: &str) -> String {
    let path = url.split('/').nth(3).unwrap_or_default();
    path.split('?').next().unwrap_or_default().to_string()
}

/// The login an address of [`Server::url_as`] connects as.
pub fn login_of(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    rest.split_once('@')
        .map_or("", |(user, _)| user)
        .to_string()
}

/// The tests' server, started on first use.
pub fn server() -> &'static Server {
    SERVER.get_or_init(Server::start)
}

/// A server that also listens on 127.0.0.1 and takes only encrypted connections there.
pub fn tls_server() -> &'static Server {
    TLS_SERVER.get_or_init(|| Server::start_with(true))
}
