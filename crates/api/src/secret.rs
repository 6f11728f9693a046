//! The JWT signing secret: configured, or generated once into the data directory.

use std::io::Write;
use std::path::Path;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rand::RngCore;

use gainsly_app::settings::{MIN_JWT_SECRET_BYTES, Secret, Settings};

/// File name of the generated secret inside the data directory.
pub const SECRET_FILE: &str = "jwt_secret";

/// Why no secret could be had.
#[derive(Debug, thiserror::Error)]
pub enum SecretError {
    #[error("cannot read or write {path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("the signing secret in {path} is shorter than 32 bytes; refusing to start")]
    TooShort { path: String },
}

/// Returns the configured secret, or the one kept in `<data_dir>/jwt_secret`,
/// generating it (384 random bits, file mode 0600) on first start so tokens
/// survive restarts.
pub fn resolve(settings: &Settings) -> Result<Secret, SecretError> {
    if let Some(s) = &settings.jwt_secret {
        return Ok(s.clone());
    }
    let path = settings.data_dir.join(SECRET_FILE);
    let shown = path.display().to_string();
    let io = |source| SecretError::Io {
        path: shown.clone(),
        source,
    };
    if path.exists() {
        let text = std::fs::read_to_string(&path).map_err(io)?;
        let text = text.trim().to_owned();
        if text.len() < MIN_JWT_SECRET_BYTES {
            return Err(SecretError::TooShort { path: shown });
        }
        return Ok(Secret::new(text));
    }
    std::fs::create_dir_all(&settings.data_dir).map_err(io)?;
    let mut bytes = [0u8; 48];
    rand::rng().fill_bytes(&mut bytes);
    let secret = URL_SAFE_NO_PAD.encode(bytes);
    write_private(&path, &secret).map_err(io)?;
    tracing::info!(path = %shown, "generated a new JWT signing secret");
    Ok(Secret::new(secret))
}

fn write_private(path: &Path, text: &str) -> std::io::Result<()> {
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    let mut f = opts.open(path)?;
    f.write_all(text.as_bytes())?;
    f.sync_all()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_once_then_reused() {
        let dir = std::env::temp_dir().join(format!("gainsly-secret-{}", rand::rng().next_u64()));
        let settings = Settings {
            data_dir: dir.clone(),
            ..Settings::default()
        };
        let a = resolve(&settings).unwrap();
        let b = resolve(&settings).unwrap();
        assert_eq!(a.expose(), b.expose());
        assert!(a.expose().len() >= 32);
        std::fs::write(dir.join(SECRET_FILE), "short").unwrap();
        assert!(matches!(
            resolve(&settings),
            Err(SecretError::TooShort { .. })
        ));
        std::fs::remove_dir_all(dir).unwrap();
    }
}
