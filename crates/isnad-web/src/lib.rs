//! `isnad serve`: a local web app over the store, and `isnad report`'s static
//! HTML timeline.
//!
//! Pages are server-rendered RTL Arabic HTML with no script; a JSON API
//! (`/api/...`) serves the same data. The app reads the store through
//! `isnad-store` and searches through `isnad-search`; it never writes the
//! store, only the search index beside it.
//!
//! Routes: `/` and `/docs` (documents by date, filters), `/doc/{id}` (clean
//! text, `#s12` anchors, `?s=12` highlight, copy group), `/doc/{id}/original`
//! (the original bytes, `?start=&end=` for a byte range), `/search`,
//! `/stories`, `/events`, `/entities`, `/entity?label=&norm=`; `/api/search`,
//! `/api/docs`, `/api/doc/{id}`, `/api/stories`, `/api/events`,
//! `/api/entities`, `/api/entity?label=&norm=`.

mod api;
mod catalog;
pub mod html;
mod pages;
mod report;
mod timeline;

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};

use anyhow::{bail, Context};
use axum::routing::get;
use axum::Router;
use isnad_search::SearchIndex;
use isnad_store::Store;

pub use catalog::{Catalog, DocMention, DocSummary, Entity, EntityMention};
pub use report::{render_report, write_report, ReportStats};

/// How often a request may look at the store for new documents.
const CHECK_EVERY: Duration = Duration::from_secs(2);
/// Even without new documents, re-read the catalog this often (copy groups
/// and dates can change in place).
const FULL_REFRESH_EVERY: Duration = Duration::from_secs(60);

/// Everything a request needs. The store connection and the index are
/// behind mutexes: this is a local single-user app, and SQLite and tantivy
/// calls are short.
pub struct AppState {
    store: Mutex<Store>,
    index: Mutex<SearchIndex>,
    catalog: RwLock<Arc<Catalog>>,
    checked: Mutex<(Instant, Instant, u64)>, // (last count check, last full refresh, count)
    db: PathBuf,
}

impl AppState {
    /// Open the store at `db` and the search index in `index_dir`, bringing
    /// the index up to date. If another process is updating the index, the
    /// app starts with what is indexed and catches up on a later refresh.
    pub fn open(db: &Path, index_dir: &Path) -> anyhow::Result<Arc<AppState>> {
        if !db.exists() {
            bail!(
                "{}: no such store (run `isnad analyze` first)",
                db.display()
            );
        }
        let store = Store::open(db)?;
        let mut index = SearchIndex::open_or_create(index_dir)?;
        match index.update_from_store(&store) {
            Ok(_) | Err(isnad_search::SearchError::Busy { .. }) => {}
            Err(e) => return Err(e.into()),
        }
        let catalog = Catalog::load(&store)?;
        let count = store.document_count()?;
        let now = Instant::now();
        Ok(Arc::new(AppState {
            store: Mutex::new(store),
            index: Mutex::new(index),
            catalog: RwLock::new(Arc::new(catalog)),
            checked: Mutex::new((now, now, count)),
            db: db.to_path_buf(),
        }))
    }

    /// The catalog, refreshed first if the store changed since the last look.
    pub(crate) fn catalog(&self) -> anyhow::Result<Arc<Catalog>> {
        self.refresh_if_stale()?;
        Ok(self.catalog.read().expect("catalog lock").clone())
    }

    fn refresh_if_stale(&self) -> anyhow::Result<()> {
        let mut checked = self.checked.lock().expect("check lock");
        let now = Instant::now();
        if now.duration_since(checked.0) < CHECK_EVERY {
            return Ok(());
        }
        checked.0 = now;
        let store = self.store.lock().expect("store lock");
        let count = store.document_count()?;
        if count == checked.2 && now.duration_since(checked.1) < FULL_REFRESH_EVERY {
            return Ok(());
        }
        checked.1 = now;
        checked.2 = count;
        let catalog = Catalog::load(&store)?;
        *self.catalog.write().expect("catalog lock") = Arc::new(catalog);
        match self
            .index
            .lock()
            .expect("index lock")
            .update_from_store(&store)
        {
            Ok(_) | Err(isnad_search::SearchError::Busy { .. }) => Ok(()),
            Err(e) => Err(e.into()),
        }
    }

    pub(crate) fn with_store<T>(
        &self,
        f: impl FnOnce(&Store) -> anyhow::Result<T>,
    ) -> anyhow::Result<T> {
        let store = self.store.lock().expect("store lock");
        f(&store)
    }

    pub(crate) fn search(
        &self,
        q: &isnad_search::Query,
    ) -> Result<isnad_search::SearchResults, isnad_search::SearchError> {
        let _ = self.refresh_if_stale();
        self.index.lock().expect("index lock").search(q)
    }

    /// The store file this app serves.
    pub fn db(&self) -> &Path {
        &self.db
    }
}

/// The app's routes over `state` (tests bind it to 127.0.0.1:0).
pub fn router(state: Arc<AppState>) -> Router {
    Router::new()
        .route("/", get(pages::docs))
        .route("/docs", get(pages::docs))
        .route("/doc/{id}", get(pages::doc))
        .route("/doc/{id}/original", get(pages::original))
        .route("/search", get(pages::search))
        .route("/stories", get(pages::stories))
        .route("/events", get(pages::events))
        .route("/entities", get(pages::entities))
        .route("/entity", get(pages::entity))
        .route("/api/search", get(api::search))
        .route("/api/docs", get(api::docs))
        .route("/api/doc/{id}", get(api::doc))
        .route("/api/stories", get(api::stories))
        .route("/api/events", get(api::events))
        .route("/api/entities", get(api::entities))
        .route("/api/entity", get(api::entity))
        .fallback(pages::not_found)
        .with_state(state)
}

fn check_local(addr: SocketAddr) -> anyhow::Result<()> {
    if !addr.ip().is_loopback() {
        bail!(
            "{addr}: refusing to serve on a non-loopback address; isnad serve is a local app \
             (use 127.0.0.1)"
        );
    }
    Ok(())
}

/// Serve until Ctrl-C. Prints the URL once listening. Only loopback
/// addresses are accepted: the store may hold unpublished material.
pub async fn serve(db: PathBuf, index_dir: PathBuf, addr: SocketAddr) -> anyhow::Result<()> {
    check_local(addr)?;
    let state = tokio::task::spawn_blocking(move || AppState::open(&db, &index_dir)).await??;
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .with_context(|| format!("{addr}: cannot listen"))?;
    let local = listener.local_addr()?;
    println!(
        "isnad: serving {} on http://{local}/ (Ctrl-C stops)",
        state.db().display()
    );
    axum::serve(listener, router(state))
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await?;
    Ok(())
}

/// [`serve`] on a runtime of its own, for the synchronous CLI.
pub fn serve_blocking(db: &Path, index_dir: &Path, addr: SocketAddr) -> anyhow::Result<()> {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    rt.block_on(serve(db.to_path_buf(), index_dir.to_path_buf(), addr))
}

/// A server running on a thread of its own; stops when dropped.
pub struct RunningServer {
    pub addr: SocketAddr,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl RunningServer {
    /// The base URL, e.g. `http://127.0.0.1:41234`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }
}

impl Drop for RunningServer {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// Start the app on `addr` (port 0 picks a free one) in a background thread.
pub fn start(state: Arc<AppState>, addr: SocketAddr) -> anyhow::Result<RunningServer> {
    check_local(addr)?;
    let std_listener =
        std::net::TcpListener::bind(addr).with_context(|| format!("{addr}: cannot listen"))?;
    std_listener.set_nonblocking(true)?;
    let local = std_listener.local_addr()?;
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    let thread = std::thread::Builder::new()
        .name("isnad-serve".into())
        .spawn(move || {
            rt.block_on(async move {
                let listener = match tokio::net::TcpListener::from_std(std_listener) {
                    Ok(l) => l,
                    Err(e) => {
                        eprintln!("isnad serve: {local}: {e}");
                        return;
                    }
                };
                let served = axum::serve(listener, router(state))
                    .with_graceful_shutdown(async {
                        let _ = rx.await;
                    })
                    .await;
                if let Err(e) = served {
                    eprintln!("isnad serve: {local}: {e}");
                }
            })
        })?;
    Ok(RunningServer {
        addr: local,
        stop: Some(tx),
        thread: Some(thread),
    })
}
