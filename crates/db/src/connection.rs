//! Opening the database (SQLite or PostgreSQL by URL) and applying migrations.

use std::time::Duration;

use std::future::Future;

use gainsly_migration::{Migrator, MigratorTrait};
use sea_orm::{
    ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DatabaseTransaction, DbBackend,
    TransactionTrait,
};

use crate::error::{DbError, DbResult};

/// Which database engine a connection talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// Pool and timeout settings.
#[derive(Debug, Clone)]
pub struct DbOptions {
    pub max_connections: u32,
    /// How long a request waits for a pooled connection before the API answers 503.
    pub acquire_timeout: Duration,
    pub connect_timeout: Duration,
}

impl Default for DbOptions {
    fn default() -> Self {
        DbOptions {
            max_connections: 16,
            acquire_timeout: Duration::from_secs(3),
            connect_timeout: Duration::from_secs(3),
        }
    }
}

/// A handle on the application database: cheap to clone.
#[derive(Debug, Clone)]
pub struct Db {
    conn: DatabaseConnection,
    backend: Backend,
    /// The URL and options it was opened with: SQLite migrates on a
    /// connection of its own.
    origin: std::sync::Arc<(String, DbOptions)>,
}

impl Db {
    /// Connects to `url` (`sqlite://…` or `postgres://…`). For SQLite, creates
    /// the file's directory, turns on WAL, foreign keys and a busy timeout.
    pub async fn connect(url: &str, options: &DbOptions) -> DbResult<Db> {
        let backend = if url.starts_with("sqlite:") {
            Backend::Sqlite
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            Backend::Postgres
        } else {
            return Err(DbError::Other(sea_orm::DbErr::Custom(
                "DATABASE_URL must start with sqlite: or postgres:".into(),
            )));
        };
        if backend == Backend::Sqlite {
            ensure_sqlite_dir(url);
        }
        let conn = Database::connect(connect_options(
            url,
            match backend {
                // SQLite serialises writers; a small pool avoids lock churn.
                Backend::Sqlite => options.max_connections.min(8),
                Backend::Postgres => options.max_connections,
            },
            options,
        ))
        .await?;
        Ok(Db {
            conn,
            backend,
            origin: std::sync::Arc::new((url.to_owned(), options.clone())),
        })
    }

    /// Runs `f` with the connection migrations use. PostgreSQL: the pool
    /// (sea-orm-migration wraps the steps in a transaction, which pins one
    /// connection). SQLite: a connection of its own, closed afterwards, so
    /// every step sees the one before: on the pool each DDL statement could
    /// land on another connection, and one holding an older read snapshot
    /// saw a table a `down` had dropped ("index … already exists" on the
    /// next `up`, seen once under the parallel test suite).
    async fn with_migration_connection<F, Fut>(&self, f: F) -> DbResult<()>
    where
        F: FnOnce(DatabaseConnection) -> Fut,
        Fut: Future<Output = Result<(), sea_orm::DbErr>>,
    {
        // An in-memory SQLite database lives in its connections: another
        // connection would migrate another database.
        let (url, options) = &*self.origin;
        let in_memory = url.contains(":memory:") || url.contains("mode=memory");
        if self.backend == Backend::Postgres || in_memory {
            return Ok(f(self.conn.clone()).await?);
        }
        let single = Database::connect(connect_options(url, 1, options)).await?;
        let result = f(single.clone()).await;
        if let Err(e) = single.close().await {
            tracing::warn!(error = %e, "closing the migration connection");
        }
        Ok(result?)
    }

    /// Connects and applies pending migrations.
    pub async fn connect_and_migrate(url: &str, options: &DbOptions) -> DbResult<Db> {
        let db = Db::connect(url, options).await?;
        db.migrate().await?;
        Ok(db)
    }

    /// Applies every pending migration.
    pub async fn migrate(&self) -> DbResult<()> {
        self.with_migration_connection(|conn| async move { Migrator::up(&conn, None).await })
            .await
    }

    /// Reverts every migration (used by tests of `down`).
    pub async fn migrate_down_all(&self) -> DbResult<()> {
        self.with_migration_connection(|conn| async move { Migrator::down(&conn, None).await })
            .await
    }

    /// Checks the database answers a trivial query.
    pub async fn ping(&self) -> DbResult<()> {
        let stmt = sea_orm::Statement::from_string(self.conn.get_database_backend(), "SELECT 1");
        self.conn.execute_raw(stmt).await?;
        Ok(())
    }

    /// The engine behind this handle.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Begins a transaction that will write. On SQLite it is `BEGIN
    /// IMMEDIATE`: a deferred transaction that reads before it writes fails
    /// with `SQLITE_BUSY` (no busy timeout helps) when another connection
    /// commits in between; taking the write lock up front makes it wait its
    /// turn instead. On PostgreSQL it is a plain `BEGIN`.
    pub async fn begin_write(&self) -> DbResult<Tx> {
        let options = sea_orm::TransactionOptions {
            sqlite_transaction_mode: Some(sea_orm::SqliteTransactionMode::Immediate),
            ..Default::default()
        };
        Ok(Tx {
            txn: self.conn.begin_with_options(options).await?,
            backend: self.backend,
        })
    }

    /// The underlying sea-orm connection (for repositories and the job queue).
    pub fn conn(&self) -> &DatabaseConnection {
        &self.conn
    }

    /// Closes the pool.
    pub async fn close(self) -> DbResult<()> {
        self.conn.close().await?;
        Ok(())
    }
}

/// An open write transaction: from [`Db::begin_write`], or a savepoint
/// inside another transaction ([`Executor::begin_write`] on a `Tx`).
/// Dropped without [`Tx::commit`], it rolls back.
#[derive(Debug)]
pub struct Tx {
    txn: DatabaseTransaction,
    backend: Backend,
}

impl Tx {
    /// Makes every write of the transaction permanent (releases a savepoint).
    pub async fn commit(self) -> DbResult<()> {
        self.txn.commit().await?;
        Ok(())
    }

    /// Undoes every write of the transaction.
    pub async fn rollback(self) -> DbResult<()> {
        self.txn.rollback().await?;
        Ok(())
    }
}

/// What repositories run on: the pool ([`Db`], each statement on its own)
/// or an open transaction ([`Tx`], all statements together). Every
/// repository function takes `&impl Executor`, so a use-case that writes
/// several rows runs them all on one `Tx`.
pub trait Executor: Send + Sync {
    /// The sea-orm connection statements run on.
    type Conn: ConnectionTrait + TransactionTrait + Send + Sync;

    /// The connection statements run on.
    fn conn(&self) -> &Self::Conn;

    /// The engine behind it.
    fn backend(&self) -> Backend;

    /// A write transaction: `BEGIN IMMEDIATE` on the pool (see
    /// [`Db::begin_write`]), a savepoint inside a transaction, so a
    /// repository that needs several statements together works both alone
    /// and inside a use-case's transaction.
    fn begin_write(&self) -> impl Future<Output = DbResult<Tx>> + Send;
}

impl Executor for Db {
    type Conn = DatabaseConnection;

    fn conn(&self) -> &DatabaseConnection {
        &self.conn
    }

    fn backend(&self) -> Backend {
        self.backend
    }

    fn begin_write(&self) -> impl Future<Output = DbResult<Tx>> + Send {
        Db::begin_write(self)
    }
}

impl Executor for Tx {
    type Conn = DatabaseTransaction;

    fn conn(&self) -> &DatabaseTransaction {
        &self.txn
    }

    fn backend(&self) -> Backend {
        self.backend
    }

    async fn begin_write(&self) -> DbResult<Tx> {
        Ok(Tx {
            txn: self.txn.begin().await?,
            backend: self.backend,
        })
    }
}

impl From<Backend> for DbBackend {
    fn from(b: Backend) -> Self {
        match b {
            Backend::Sqlite => DbBackend::Sqlite,
            Backend::Postgres => DbBackend::Postgres,
        }
    }
}

/// Pool options for `url`: `max` connections, the timeouts, and SQLite's
/// WAL, foreign keys and busy timeout.
fn connect_options(url: &str, max: u32, options: &DbOptions) -> ConnectOptions {
    let mut opts = ConnectOptions::new(url.to_owned());
    opts.max_connections(max)
        .min_connections(0)
        .acquire_timeout(options.acquire_timeout)
        .connect_timeout(options.connect_timeout)
        .sqlx_logging(false)
        .map_sqlx_sqlite_opts(|o| {
            o.journal_mode(sea_orm::sqlx::sqlite::SqliteJournalMode::Wal)
                .synchronous(sea_orm::sqlx::sqlite::SqliteSynchronous::Normal)
                .foreign_keys(true)
                .busy_timeout(Duration::from_secs(5))
        });
    opts
}

/// Creates the parent directory of a `sqlite://path?…` URL's file, if any.
fn ensure_sqlite_dir(url: &str) {
    let path = url
        .trim_start_matches("sqlite://")
        .trim_start_matches("sqlite:");
    let path = path.split('?').next().unwrap_or_default();
    if path.is_empty() || path == ":memory:" {
        return;
    }
    if let Some(parent) = std::path::Path::new(path).parent()
        && !parent.as_os_str().is_empty()
        && let Err(e) = std::fs::create_dir_all(parent)
    {
        tracing::warn!(error = %e, dir = %parent.display(), "could not create the SQLite directory");
    }
}
