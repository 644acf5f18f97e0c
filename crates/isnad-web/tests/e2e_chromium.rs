//! End to end in headless Chromium, driven over WebDriver (chromedriver):
//! open the documents page, search, click through to the cited sentence,
//! check it is highlighted, save a screenshot; open the article carrying a
//! `<script>` sample and check it shows as text and nothing ran.
//!
//! Needs Debian's `chromium` and `chromium-driver` (`apt-get install -y
//! chromium chromium-driver`); without them the test prints SKIP and passes.
//! `ISNAD_CHROMIUM` / `ISNAD_CHROMEDRIVER` override the binaries' paths.

mod common;

use std::net::{SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::{enc, fixtures, request};
use serde_json::{json, Value};

fn binary(var: &str, default: &str) -> Option<PathBuf> {
    let p = std::env::var_os(var)
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(default));
    p.exists().then_some(p)
}

/// chromedriver, ended when dropped (it ends the browsers it started).
struct Driver {
    child: Child,
    addr: SocketAddr,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

struct Session<'a> {
    driver: &'a Driver,
    id: String,
}

/// A WebDriver command; panics with the driver's message on an error.
fn wd(driver: &Driver, method: &str, path: &str, body: Option<Value>) -> Value {
    let body = body.map(|b| b.to_string());
    let r = request(driver.addr, method, path, body.as_deref());
    let v = r.json();
    if r.status != 200 {
        panic!(
            "webdriver {method} {path}: HTTP {}: {}",
            r.status, v["value"]
        );
    }
    v["value"].clone()
}

impl Session<'_> {
    fn cmd(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        wd(
            self.driver,
            method,
            &format!("/session/{}{path}", self.id),
            body,
        )
    }
    fn goto(&self, url: &str) {
        self.cmd("POST", "/url", Some(json!({ "url": url })));
    }
    fn url(&self) -> String {
        self.cmd("GET", "/url", None).as_str().unwrap().to_string()
    }
    fn find_all(&self, css: &str) -> Vec<String> {
        self.cmd(
            "POST",
            "/elements",
            Some(json!({"using": "css selector", "value": css})),
        )
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            e.as_object()
                .unwrap()
                .values()
                .next()
                .unwrap()
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect()
    }
    /// The first element matching `css`, waiting up to 15 s for it.
    fn find(&self, css: &str) -> String {
        let t0 = Instant::now();
        loop {
            if let Some(e) = self.find_all(css).into_iter().next() {
                return e;
            }
            if t0.elapsed() > Duration::from_secs(15) {
                panic!("no element matches {css} on {}", self.url());
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }
    fn text(&self, el: &str) -> String {
        self.cmd("GET", &format!("/element/{el}/text"), None)
            .as_str()
            .unwrap()
            .to_string()
    }
    fn attr(&self, el: &str, name: &str) -> Option<String> {
        self.cmd("GET", &format!("/element/{el}/attribute/{name}"), None)
            .as_str()
            .map(str::to_string)
    }
    fn css(&self, el: &str, prop: &str) -> String {
        self.cmd("GET", &format!("/element/{el}/css/{prop}"), None)
            .as_str()
            .unwrap()
            .to_string()
    }
    fn click(&self, el: &str) {
        self.cmd("POST", &format!("/element/{el}/click"), Some(json!({})));
    }
    fn type_into(&self, el: &str, text: &str) {
        self.cmd(
            "POST",
            &format!("/element/{el}/value"),
            Some(json!({ "text": text })),
        );
    }
    fn wait_url(&self, part: &str) -> String {
        let t0 = Instant::now();
        loop {
            let u = self.url();
            if u.contains(part) {
                return u;
            }
            if t0.elapsed() > Duration::from_secs(15) {
                panic!("URL never contained {part}; it is {u}");
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }
    fn screenshot(&self, path: &Path) {
        let b64 = self.cmd("GET", "/screenshot", None);
        let png = common::base64_decode(b64.as_str().unwrap());
        assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n", "screenshot is a PNG");
        std::fs::write(path, png).unwrap();
    }
    fn alert_open(&self) -> bool {
        let r = request(
            self.driver.addr,
            "GET",
            &format!("/session/{}/alert/text", self.id),
            None,
        );
        r.status == 200
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn start_driver(chromedriver: &Path) -> Driver {
    let port = free_port();
    let child = Command::new(chromedriver)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("{}: cannot start: {e}", chromedriver.display()));
    let driver = Driver {
        child,
        addr: SocketAddr::from(([127, 0, 0, 1], port)),
    };
    let t0 = Instant::now();
    loop {
        if std::net::TcpStream::connect(driver.addr).is_ok() {
            let r = request(driver.addr, "GET", "/status", None);
            if r.status == 200 && r.json()["value"]["ready"] == json!(true) {
                return driver;
            }
        }
        if t0.elapsed() > Duration::from_secs(30) {
            panic!("chromedriver did not become ready on {}", driver.addr);
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn browse_search_and_cite_in_headless_chromium() {
    let (Some(chromium), Some(chromedriver)) = (
        binary("ISNAD_CHROMIUM", "/usr/bin/chromium"),
        binary("ISNAD_CHROMEDRIVER", "/usr/bin/chromedriver"),
    ) else {
        eprintln!(
            "SKIP browse_search_and_cite_in_headless_chromium: /usr/bin/chromium or \
             /usr/bin/chromedriver not installed (apt-get install -y chromium chromium-driver)"
        );
        return;
    };

    let dir = tempfile::tempdir().unwrap();
    let (store, ids) = fixtures::store_in(dir.path());
    drop(store);
    let state =
        isnad_web::AppState::open(&dir.path().join("isnad.db"), &dir.path().join("ix")).unwrap();
    let server = isnad_web::start(state, "127.0.0.1:0".parse().unwrap()).unwrap();
    let base = server.url();

    let driver = start_driver(&chromedriver);
    let profile = tempfile::tempdir().unwrap();
    let caps = json!({"capabilities": {"alwaysMatch": {
        "browserName": "chrome",
        "pageLoadStrategy": "normal",
        "goog:chromeOptions": {
            "binary": chromium.to_string_lossy(),
            "args": [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1100,900", "--lang=ar",
                format!("--user-data-dir={}", profile.path().display()),
            ]
        }
    }}});
    let created = wd(&driver, "POST", "/session", Some(caps));
    let session = Session {
        driver: &driver,
        id: created["sessionId"].as_str().unwrap().to_string(),
    };

    // 1. The documents page: RTL, every document listed.
    session.goto(&format!("{base}/docs"));
    let html = session.find("html");
    assert_eq!(session.attr(&html, "dir").as_deref(), Some("rtl"));
    assert_eq!(session.attr(&html, "lang").as_deref(), Some("ar"));
    assert_eq!(session.text(&session.find("#count")), "8 وثيقة");
    assert_eq!(session.find_all("a.doc").len(), 8);
    let shots = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("isnad-web-e2e");
    std::fs::create_dir_all(&shots).unwrap();
    session.screenshot(&shots.join("documents.png"));

    // 2. Search from the header box, spelled without hamza or article.
    let input = session.find("header form input[name=q]");
    session.type_into(&input, "امطار لبنان");
    session.click(&session.find("header form button"));
    session.wait_url("/search?q=");
    assert_eq!(session.text(&session.find("#count")), "1 نتيجة");
    let marks: Vec<String> = session
        .find_all("#hits mark")
        .iter()
        .map(|m| session.text(m))
        .collect();
    assert_eq!(marks, vec!["الأمطار", "بلبنان"]);
    session.screenshot(&shots.join("search-results.png"));

    // 3. Click through to the cited sentence.
    session.click(&session.find("#hits a.hit-title"));
    let url = session.wait_url("/doc/");
    assert!(
        url.ends_with(&format!("/doc/{}?s=0#s0", ids["rain"])),
        "{url}"
    );
    let hl = session.find(".s.hl");
    assert_eq!(session.attr(&hl, "id").as_deref(), Some("s0"));
    assert_eq!(
        session.text(&hl),
        "أغلقت الأمطار الغزيرة عدداً من الطرق الرئيسية بلبنان ليل الخميس."
    );
    assert_eq!(
        session.css(&hl, "background-color"),
        "rgba(255, 241, 168, 1)"
    );
    assert_eq!(session.find_all(".s.hl").len(), 1);
    assert_eq!(session.find_all("span.s").len(), 3);

    let shot = shots.join("search-to-cited-sentence.png");
    session.screenshot(&shot);
    println!("screenshot: {}", shot.display());

    // 4. A sentence's own link highlights it.
    let link = session.find("a.sn[href='?s=2#s2']");
    session.click(&link);
    session.wait_url("?s=2#s2");
    assert_eq!(
        session.attr(&session.find(".s.hl"), "id").as_deref(),
        Some("s2")
    );

    // 5. The article with a script sample: shown as text, nothing runs.
    session.goto(&format!("{base}/search?q={}", enc("الشيفرة الخبيثة")));
    session.click(&session.find("#hits a.hit-title"));
    session.wait_url(&format!("/doc/{}", ids["script"]));
    assert!(
        session.find_all("script").is_empty(),
        "no script element may exist"
    );
    assert!(!session.alert_open(), "an alert opened: the sample ran");
    let cited = session.text(&session.find(".s.hl"));
    assert!(cited.contains("<script>alert('isnad')</script>"), "{cited}");
    let title = session.text(&session.find("#title"));
    assert_eq!(title, "ثغرة في مواقع حكومية تسمح بحقن <script> في الصفحات");
    let shot2 = shots.join("script-as-text.png");
    session.screenshot(&shot2);
    println!("screenshot: {}", shot2.display());

    wd(&driver, "DELETE", &format!("/session/{}", session.id), None);
    println!(
        "screenshots (documents, search results, cited sentence, script as text): {}",
        shots.display()
    );
}
