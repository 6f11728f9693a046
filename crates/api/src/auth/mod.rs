//! Authentication: password hashing, access tokens (JWT), refresh tokens,
//! the `AuthUser` extractor and the per-IP rate limit on auth routes.

pub mod extractor;
pub mod jwt;
pub mod password;
pub mod rate_limit;
pub mod refresh;

pub use extractor::AuthUser;
pub use jwt::JwtKeys;
