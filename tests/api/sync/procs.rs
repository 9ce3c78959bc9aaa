//! Real `moviehub` processes on loopback, each with its own data dir: start, `kill -9`,
//! restart; and the demo's manager signed in to each.

use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A server process.
pub struct Proc {
    child: Option<Child>,
    pub base: String,
    pub dir: PathBuf,
    port: u16,
    env: Vec<(String, String)>,
    pub http: reqwest::Client,
    /// The demo manager's token, signed in once (logins are rate-limited per address).
    manager: tokio::sync::OnceCell<String>,
}

/// A free loopback port (bound and released; the process binds it next).
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("free port")
}

/// Run the `moviehub` CLI on `dir` and return its standard output.
pub fn cli(dir: &Path, env: &[(&str, &str)], args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_moviehub"))
        .arg("--data-dir")
        .arg(dir)
        .args(args)
        .envs(env.iter().copied())
        .output()
        .expect("run moviehub");
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// `site add NAME` on central's data dir: (id, secret).
pub fn add_site(central_dir: &Path, name: &str) -> (String, String) {
    let out = cli(
        central_dir,
        &[("MOVIEHUB_SERVER__ROLE", "central")],
        &["site", "add", name],
    );
    let field = |label: &str| {
        out.lines()
            .find_map(|l| l.trim().strip_prefix(label).map(|v| v.trim().to_string()))
            .unwrap_or_else(|| panic!("no {label} in {out}"))
    };
    (field("id:"), field("secret:"))
}

impl Proc {
    /// Start `serve --demo` on `dir` with these settings (environment) and wait until healthy.
    pub async fn start(dir: &Path, env: Vec<(String, String)>) -> Proc {
        let port = free_port();
        let mut p = Proc {
            child: None,
            base: format!("http://127.0.0.1:{port}"),
            dir: dir.to_path_buf(),
            port,
            env,
            http: reqwest::Client::new(),
            manager: tokio::sync::OnceCell::new(),
        };
        p.spawn().await;
        p
    }

    async fn spawn(&mut self) {
        let log = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(self.dir.with_extension("log"))
            .expect("log file");
        let child = Command::new(env!("CARGO_BIN_EXE_moviehub"))
            .arg("--data-dir")
            .arg(&self.dir)
            .args([
                "serve",
                "--demo",
                "--listen",
                &format!("127.0.0.1:{}", self.port),
            ])
            .envs(self.env.iter().map(|(k, v)| (k.as_str(), v.as_str())))
            .env("MOVIEHUB_SERVER__PUBLIC_URL", &self.base)
            .env("RUST_LOG", "warn")
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .expect("spawn moviehub");
        self.child = Some(child);
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            if let Ok(r) = self
                .http
                .get(format!("{}/api/health", self.base))
                .send()
                .await
            {
                if r.status().is_success() {
                    return;
                }
            }
            assert!(
                Instant::now() < deadline,
                "{} never became healthy",
                self.base
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// The running process's id (for reading `/proc/PID`).
    pub fn pid(&self) -> Option<u32> {
        self.child.as_ref().map(Child::id)
    }

    /// `kill -9`.
    pub fn kill9(&mut self) {
        if let Some(mut c) = self.child.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }

    /// Start again on the same port and data dir.
    pub async fn restart(&mut self) {
        self.kill9();
        self.spawn().await;
    }

    /// A token of the demo manager (kept: sessions outlive a restart).
    pub async fn manager(&self) -> String {
        self.manager
            .get_or_init(|| self.sign_in_manager())
            .await
            .clone()
    }

    async fn sign_in_manager(&self) -> String {
        let b: Value = self
            .http
            .post(format!("{}/api/v1/auth/login", self.base))
            .json(&json!({"email": "manager@moviehub.local", "password": "moviehub"}))
            .send()
            .await
            .expect("login")
            .json()
            .await
            .expect("json");
        b["data"]["access_token"]
            .as_str()
            .expect("token")
            .to_string()
    }

    /// GET with a token; (status, body).
    pub async fn get(&self, path: &str, token: &str) -> (u16, Value) {
        let r = self
            .http
            .get(format!("{}{path}", self.base))
            .bearer_auth(token)
            .send()
            .await
            .expect("get");
        (r.status().as_u16(), r.json().await.unwrap_or(Value::Null))
    }

    /// GET with a token, expecting 200; the body as text.
    pub async fn text(&self, path: &str, token: &str) -> String {
        let r = self
            .http
            .get(format!("{}{path}", self.base))
            .bearer_auth(token)
            .send()
            .await
            .expect("get");
        assert_eq!(r.status().as_u16(), 200, "{path}");
        r.text().await.expect("text")
    }

    /// POST JSON with a token; (status, body).
    pub async fn post(&self, path: &str, token: &str, body: Value) -> (u16, Value) {
        let mut req = self.http.post(format!("{}{path}", self.base)).json(&body);
        if !token.is_empty() {
            req = req.bearer_auth(token);
        }
        let r = req.send().await.expect("post");
        (r.status().as_u16(), r.json().await.unwrap_or(Value::Null))
    }

    /// The push's state from `/api/health`.
    pub async fn sync_state(&self) -> Value {
        let b: Value = self
            .http
            .get(format!("{}/api/health", self.base))
            .send()
            .await
            .expect("health")
            .json()
            .await
            .expect("json");
        b["data"]["sync"].clone()
    }
}

impl Drop for Proc {
    fn drop(&mut self) {
        self.kill9();
    }
}

/// The settings of a site of `central`.
fn site_env(central: &str, id: &str, secret: &str, batch: u32) -> Vec<(String, String)> {
    [
        ("MOVIEHUB_SYNC__CENTRAL_URL", central),
        ("MOVIEHUB_SYNC__SITE_ID", id),
        ("MOVIEHUB_SYNC__SITE_SECRET", secret),
        ("MOVIEHUB_SYNC__BATCH_SIZE", &batch.to_string()),
        ("MOVIEHUB_SYNC__INTERVAL_MS", "50"),
        ("MOVIEHUB_SYNC__MAX_BACKOFF_SECS", "1"),
        ("MOVIEHUB_SYNC__PULL_INTERVAL_SECS", "1"),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect()
}

/// Central and one site syncing to it, each in its own data dir under `root`.
pub struct Pair {
    pub central: Proc,
    pub site: Proc,
    pub site_id: String,
    _root: tempfile::TempDir,
}

impl Pair {
    /// Start both; `batch` rows per push.
    pub async fn start(batch: u32) -> Pair {
        let root = tempfile::tempdir().expect("temp dir");
        let central_dir = root.path().join("central");
        let (site_id, secret) = add_site(&central_dir, "MovieHub Hà Đông");
        let central = Proc::start(
            &central_dir,
            vec![("MOVIEHUB_SERVER__ROLE".into(), "central".into())],
        )
        .await;
        let site = Proc::start(
            &root.path().join("site"),
            site_env(&central.base, &site_id, &secret, batch),
        )
        .await;
        Pair {
            central,
            site,
            site_id,
            _root: root,
        }
    }

    /// Register and start one more site of the same central.
    pub async fn another_site(&self, name: &str) -> Proc {
        let (id, secret) = add_site(&self.central.dir, name);
        Proc::start(
            &self._root.path().join(format!("site-{id}")),
            site_env(&self.central.base, &id, &secret, 500),
        )
        .await
    }

    /// Wait until the site has nothing left to push.
    pub async fn wait_for_lag_zero(&self) -> Value {
        let deadline = Instant::now() + Duration::from_secs(120);
        loop {
            let s = self.site.sync_state().await;
            if s["pending"] == 0 && s["acked_seq"] == s["last_seq"] {
                return s;
            }
            assert!(Instant::now() < deadline, "lag never reached 0: {s}");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Sell through the site with the load generator: `prefill` single-seat cash bookings,
    /// then every seat of the biggest showtime by VNPay (the demo's sandbox).
    pub fn sell(&self, prefill: usize) -> String {
        let out = Command::new(env!("CARGO_BIN_EXE_moviehub-load"))
            .args(["--url", &self.site.base, "--prefill", &prefill.to_string()])
            .args(["bookings", "--users", "4", "--pay", "vnpay"])
            .output()
            .expect("moviehub-load");
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(out.status.success(), "{text}");
        text
    }

    /// The site's own figures and central's, over every date.
    pub async fn figures(&self) -> (Value, Value) {
        let range = "?from=2024-01-01&to=2033-12-31";
        let (s, site) = self
            .site
            .get(
                &format!("/api/v1/reports/figures{range}"),
                &self.site.manager().await,
            )
            .await;
        assert_eq!(s, 200, "{site}");
        let (s, central) = self
            .central
            .get(
                &format!("/api/v1/central/figures{range}"),
                &self.central.manager().await,
            )
            .await;
        assert_eq!(s, 200, "{central}");
        (site["data"].clone(), central["data"].clone())
    }

    /// Central's totals equal the site's: as a whole, per showtime, per tender, per day, per
    /// film; and central holds every row of the site exactly once.
    pub async fn assert_central_equals_site(&self) {
        let state = self.wait_for_lag_zero().await;
        let (site, central) = self.figures().await;
        assert!(
            site["totals"]["bookings"].as_i64().unwrap_or(0) > 0,
            "{site}"
        );
        for part in [
            "totals",
            "by_showtime",
            "by_tender",
            "by_day",
            "by_film",
            "by_hall",
            "by_channel",
        ] {
            assert_eq!(site[part], central[part], "{part} differs");
        }
        // Occupancy: every seat sold is in a showtime head office knows, never above its hall.
        let occupancy = central["occupancy"].as_array().expect("occupancy");
        let sold: i64 = occupancy
            .iter()
            .map(|o| o["admissions"].as_i64().unwrap_or(0))
            .sum();
        assert_eq!(sold, central["totals"]["admissions"], "{occupancy:?}");
        for o in occupancy {
            assert!(o["capacity"].as_i64() >= o["admissions"].as_i64(), "{o}");
            assert!(o["capacity"].as_i64().unwrap_or(0) > 0, "{o}");
        }
        // The CSV downloads say the same.
        let range = "from=2024-01-01&to=2033-12-31&by=showtime";
        let site_csv = self
            .site
            .text(
                &format!("/api/v1/reports/figures.csv?{range}"),
                &self.site.manager().await,
            )
            .await;
        let central_csv = self
            .central
            .text(
                &format!("/api/v1/central/figures.csv?{range}"),
                &self.central.manager().await,
            )
            .await;
        assert!(
            site_csv.starts_with('\u{feff}') && site_csv.lines().count() > 2,
            "{site_csv}"
        );
        assert_eq!(site_csv, central_csv);
        assert_eq!(site["by_site"][0]["key"], self.site_id.as_str());
        assert_eq!(central["by_site"][0]["key"], self.site_id.as_str());
        let (_, sites) = self
            .central
            .get("/api/v1/central/sites", &self.central.manager().await)
            .await;
        let row = &sites["data"][0];
        assert_eq!(row["last_seq"], state["last_seq"], "{row} vs {state}");
        assert_eq!(
            row["rows_applied"], state["last_seq"],
            "duplicates or gaps: {row}"
        );
    }
}
