//! The HTTP credentials: access tokens (JWT), the `AuthUser` extractor and
//! the rate limit on auth routes. Accounts, passwords and refresh tokens are
//! application use-cases (`gainsly_app::auth`).

pub mod extractor;
pub mod jwt;
pub mod rate_limit;

pub use extractor::{AuthUser, ClaimedUser};
pub use jwt::JwtKeys;
