//! Headless Chromium through chromedriver (fantoccini): start the driver, open browsers with a
//! console-error hook installed before any page script, screenshots under target/screenshots
//! (each screenshot also checks the live DOM with the HTML checks of tests/api/html_valid).

#[path = "../api/html_valid/check.rs"]
mod check;

use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::{json, Value};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// Runs before every page's own scripts: collects `console.error` calls, uncaught errors and
/// unhandled rejections in `window.__consoleErrors`.
const CONSOLE_HOOK: &str = r#"
window.__consoleErrors = [];
(function () {
  const original = console.error;
  console.error = function (...args) {
    window.__consoleErrors.push(args.map(String).join(" "));
    return original.apply(this, args);
  };
  window.addEventListener("error", (e) => window.__consoleErrors.push("uncaught: " + e.message));
  window.addEventListener("unhandledrejection", (e) => window.__consoleErrors.push("unhandled rejection: " + e.reason));
})();
"#;

/// A running chromedriver; killed on drop.
pub struct Driver {
    child: Child,
    pub url: String,
    http: reqwest::Client,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Start chromedriver, or `None` (after a loud message) when Chromium is not installed.
/// With `CI` set, a missing Chromium fails the test instead.
pub async fn driver() -> Option<Driver> {
    let missing: Vec<&str> = [CHROMIUM, CHROMEDRIVER]
        .into_iter()
        .filter(|p| !std::path::Path::new(p).exists())
        .collect();
    if !missing.is_empty() {
        let msg = format!(
            "\n\n########################################################################\n\
             BROWSER TESTS SKIPPED: {} not found.\n\
             Install with: apt-get install -y chromium chromium-driver\n\
             ########################################################################\n",
            missing.join(" and ")
        );
        if std::env::var_os("CI").is_some() {
            panic!("{msg}(CI is set, so this is a failure)");
        }
        eprintln!("{msg}");
        return None;
    }
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("free port")
        .port();
    let child = Command::new(CHROMEDRIVER)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start chromedriver");
    let url = format!("http://127.0.0.1:{port}");
    let http = reqwest::Client::new();
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        if let Ok(res) = http.get(format!("{url}/status")).send().await {
            if res.status().is_success() {
                break;
            }
        }
        assert!(Instant::now() < deadline, "chromedriver did not start");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    Some(Driver { child, url, http })
}

/// One browser window.
pub struct Browser {
    pub client: Client,
    profile: tempfile::TempDir,
}

impl Driver {
    /// A fresh headless Chromium (own profile) of the given window size, whose visitor reads
    /// Vietnamese (`Accept-Language: vi-VN,vi`), as the site's moviegoers do.
    pub async fn browser(&self, width: u32, height: u32) -> Browser {
        self.browser_with(width, height, &[]).await
    }

    /// A fresh headless Chromium whose browser asks for English pages.
    pub async fn browser_english(&self, width: u32, height: u32) -> Browser {
        self.browser_with(width, height, &["--accept-lang=en-US,en".to_string()])
            .await
    }

    /// A fresh headless Chromium with extra command-line switches (e.g. a fake camera).
    pub async fn browser_with(&self, width: u32, height: u32, extra: &[String]) -> Browser {
        let profile = tempfile::tempdir().expect("profile dir");
        let mut args = vec![
            "--headless".to_string(),
            "--no-sandbox".into(),
            "--disable-gpu".into(),
            "--disable-background-networking".into(),
            "--disable-component-update".into(),
            "--disable-sync".into(),
            "--no-first-run".into(),
            "--disable-dev-shm-usage".into(),
            format!("--window-size={width},{height}"),
            format!("--user-data-dir={}", profile.path().display()),
        ];
        if !extra.iter().any(|a| a.starts_with("--accept-lang=")) {
            args.push("--accept-lang=vi-VN,vi".into());
        }
        args.extend(extra.iter().cloned());
        let caps = json!({
            "browserName": "chrome",
            "goog:chromeOptions": { "binary": CHROMIUM, "args": args },
        });
        let Value::Object(caps) = caps else {
            unreachable!("capabilities are an object")
        };
        let client = ClientBuilder::new(HttpConnector::new())
            .capabilities(caps)
            .connect(&self.url)
            .await
            .expect("new browser session");
        // Install the console hook before any page script of every later navigation.
        let sid = client
            .session_id()
            .await
            .expect("session id")
            .expect("session id");
        let res = self
            .http
            .post(format!("{}/session/{sid}/goog/cdp/execute", self.url))
            .json(&json!({
                "cmd": "Page.addScriptToEvaluateOnNewDocument",
                "params": { "source": CONSOLE_HOOK },
            }))
            .send()
            .await
            .expect("cdp call");
        assert!(res.status().is_success(), "console hook: {}", res.status());
        Browser { client, profile }
    }
}

impl Browser {
    /// Navigate and wait for the document to load.
    pub async fn goto(&self, url: &str) {
        self.client.goto(url).await.expect("navigate");
    }

    /// Run a script and return its value.
    pub async fn js(&self, script: &str) -> Value {
        self.client.execute(script, vec![]).await.expect("script")
    }

    /// Poll a boolean script until true; panics with `what` after `limit`.
    pub async fn wait_for(&self, script: &str, limit: Duration, what: &str) -> Duration {
        let start = Instant::now();
        loop {
            if self.js(script).await == Value::Bool(true) {
                return start.elapsed();
            }
            assert!(start.elapsed() < limit, "timed out waiting for {what}");
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
    }

    /// Text of the first element matching a CSS selector.
    pub async fn text(&self, css: &str) -> String {
        let el = self.client.find(Locator::Css(css)).await.expect(css);
        el.text().await.expect("text")
    }

    /// Click the first element matching a CSS selector.
    pub async fn click(&self, css: &str) {
        let el = self.client.find(Locator::Css(css)).await.expect(css);
        el.click().await.expect("click");
    }

    /// Type into the first element matching a CSS selector.
    pub async fn fill(&self, css: &str, text: &str) {
        let el = self.client.find(Locator::Css(css)).await.expect(css);
        el.clear().await.expect("clear");
        el.send_keys(text).await.expect("type");
    }

    /// Fail if the current page logged any console error.
    pub async fn assert_no_console_errors(&self) {
        let errors = self
            .js("return window.__consoleErrors || ['hook missing'];")
            .await;
        assert_eq!(errors, json!([]), "console errors on the page");
    }

    /// Fail if the live page, as its scripts left it, breaks the HTML checks of the served
    /// pages (tests/api/html_valid/check.rs): seat buttons, basket lines and panels drawn by
    /// the page's JS are checked too.
    pub async fn assert_valid_dom(&self, name: &str) {
        let v = self
            .js(
                "return [document.doctype ? '<!doctype ' + document.doctype.name + '>' : '', \
                 document.documentElement.outerHTML, location.pathname];",
            )
            .await;
        let part = |i: usize| v[i].as_str().unwrap_or_default().to_string();
        let found = check::problems(&format!("{}{}", part(0), part(1)), false);
        assert!(
            found.is_empty(),
            "live DOM of {} ({name}) is not valid HTML:\n  - {}",
            part(2),
            found.join("\n  - ")
        );
    }

    /// Save a PNG under target/screenshots/ and return its path; then check the live DOM
    /// ([`Browser::assert_valid_dom`]): every final state a test screenshots is checked.
    pub async fn screenshot(&self, name: &str) -> PathBuf {
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/screenshots");
        std::fs::create_dir_all(&dir).expect("screenshot dir");
        let path = dir.join(format!("{name}.png"));
        let png = self.client.screenshot().await.expect("screenshot");
        std::fs::write(&path, png).expect("write screenshot");
        eprintln!("screenshot: {}", path.display());
        self.assert_valid_dom(name).await;
        path
    }

    /// End the session.
    pub async fn close(self) {
        self.client.close().await.expect("close browser");
        drop(self.profile);
    }
}
