//! Walking a paginated list: fetch a page, follow its "next" link, stop when there is none.

use super::error::{Error, ErrorKind};
use super::reply::Reply;
use super::request::Request;
use reqwest::Url;
use std::collections::HashSet;
use std::future::Future;

/// How many pages a walk fetches at most: a server that never stops linking to a new page
/// ends the walk with an error instead of running forever.
pub const MAX_PAGES: usize = 10_000;

/// The state of one walk: the pages fetched so far.
#[derive(Debug)]
pub struct Pages {
    seen: HashSet<String>,
    limit: usize,
}

impl Default for Pages {
    fn default() -> Self {
        Pages::new()
    }
}

impl Pages {
    pub fn new() -> Self {
        Pages::with_limit(MAX_PAGES)
    }

    pub fn with_limit(limit: usize) -> Self {
        Pages {
            seen: HashSet::new(),
            limit,
        }
    }

    /// Fetches one page. Anything but `200` ends the walk with an error carrying the
    /// response, as does a URL fetched before (a loop) or one page too many.
    pub async fn fetch(&mut self, request: &Request<'_>) -> Result<Reply, Error> {
        let url = request.url()?.to_string();
        if self.seen.contains(&url) {
            return Err(Error::new(
                ErrorKind::Pagination,
                "the next-page link leads back to a page already fetched",
            )
            .at("GET", &url));
        }
        if self.seen.len() >= self.limit {
            return Err(Error::new(
                ErrorKind::Pagination,
                format!("more than {} pages; the walk stopped", self.limit),
            )
            .at("GET", &url));
        }
        self.seen.insert(url);
        let reply = request.send().await?;
        if reply.status() != 200 {
            let page = self.seen.len();
            return Err(reply.error(
                ErrorKind::Status,
                format!("page {page} answered with status {}", reply.status()),
            ));
        }
        Ok(reply)
    }

    /// The request for the page `next` links to, resolved against the page that held it;
    /// `None` when the link is absent or empty (the last page).
    pub fn next<'c>(
        &self,
        page: &Request<'c>,
        next: Option<&str>,
    ) -> Result<Option<Request<'c>>, Error> {
        let Some(next) = next.map(str::trim).filter(|n| !n.is_empty()) else {
            return Ok(None);
        };
        let page_url = page.url()?;
        let url = resolve_link(page.client().base_url(), &page_url, next)?;
        Ok(Some(page.follow(url)))
    }

    /// The request for the page a token names: this page's request with the query parameter
    /// `param` set to `token` (the other parameters kept); `None` when the token is absent or
    /// empty (the last page).
    pub fn next_by_token<'c>(
        &self,
        page: &Request<'c>,
        param: &str,
        token: Option<&str>,
    ) -> Result<Option<Request<'c>>, Error> {
        let Some(token) = token.filter(|t| !t.is_empty()) else {
            return Ok(None);
        };
        let mut url = page.url()?;
        let kept: Vec<(String, String)> = url
            .query_pairs()
            .filter(|(name, _)| name != param)
            .map(|(name, value)| (name.into_owned(), value.into_owned()))
            .collect();
        url.query_pairs_mut()
            .clear()
            .extend_pairs(&kept)
            .append_pair(param, token);
        Ok(Some(page.follow(url)))
    }
}

impl<'c> Request<'c> {
    /// Walks a paginated list from this request: fetches a page, reads its items and its
    /// next-page link with `page`, follows the link until there is none, and returns every
    /// item in order. The ends of a walk are [`Pages::fetch`]'s and [`Pages::next`]'s.
    // Not an `async fn`: the `Send` bound is promised here, once, instead of being proved
    // from the future's insides at every generated call site.
    #[allow(clippy::manual_async_fn)]
    pub fn walk<I, D>(self, page: D) -> impl Future<Output = Result<Vec<I>, Error>> + Send + 'c
    where
        I: Send + 'c,
        D: FnMut(&Reply) -> Result<(Vec<I>, Option<String>), Error> + Send + 'c,
    {
        self.walk_by(page, |pages, request, next| pages.next(request, next))
    }

    /// Like [`Request::walk`], for lists paged by a token: `page` reads a page's items and the
    /// token of the next one, which is sent as the query parameter `param` with the other
    /// parameters unchanged, until a page has no token. A token that leads back to a page
    /// already fetched ends the walk with an error.
    #[allow(clippy::manual_async_fn)]
    pub fn walk_tokens<I, D>(
        self,
        param: &'static str,
        page: D,
    ) -> impl Future<Output = Result<Vec<I>, Error>> + Send + 'c
    where
        I: Send + 'c,
        D: FnMut(&Reply) -> Result<(Vec<I>, Option<String>), Error> + Send + 'c,
    {
        self.walk_by(page, move |pages, request, token| {
            pages.next_by_token(request, param, token)
        })
    }

    /// The walk itself: `page` reads a page, `next` turns what it found into the next request.
    #[allow(clippy::manual_async_fn)]
    fn walk_by<I, D, N>(
        self,
        mut page: D,
        next: N,
    ) -> impl Future<Output = Result<Vec<I>, Error>> + Send + 'c
    where
        I: Send + 'c,
        D: FnMut(&Reply) -> Result<(Vec<I>, Option<String>), Error> + Send + 'c,
        N: Fn(&Pages, &Request<'c>, Option<&str>) -> Result<Option<Request<'c>>, Error> + Send + 'c,
    {
        async move {
            let mut request = self;
            let mut pages = Pages::new();
            let mut items = Vec::new();
            loop {
                let reply = pages.fetch(&request).await?;
                let (found, link) = page(&reply)?;
                items.extend(found);
                match next(&pages, &request, link.as_deref())? {
                    Some(following) => request = following,
                    None => return Ok(items),
                }
            }
        }
    }
}

/// Resolves a next-page link. Absolute links are taken as they are; `/path` links that do not
/// already start with the base URL's path are relative to the base URL (the spec's paths are),
/// others to the server's root; any other relative link resolves against the page's URL, as
/// RFC 3986 says.
pub fn resolve_link(base_url: &str, page_url: &Url, link: &str) -> Result<Url, Error> {
    let invalid = |e| invalid_link(link, e);
    if let Ok(url) = Url::parse(link) {
        return Ok(url);
    }
    if link.starts_with('/') && !link.starts_with("//") {
        if let Ok(base) = Url::parse(base_url) {
            let base_path = base.path().trim_end_matches('/');
            let under_base = link == base_path
                || link
                    .strip_prefix(base_path)
                    .is_some_and(|rest| rest.starts_with(['/', '?', '#']));
            if !base_path.is_empty() && !under_base {
                return Url::parse(&format!("{}{link}", base_url.trim_end_matches('/')))
                    .map_err(invalid);
            }
        }
    }
    page_url.join(link).map_err(invalid)
}

fn invalid_link(link: &str, cause: impl std::fmt::Display) -> Error {
    Error::new(
        ErrorKind::Pagination,
        format!("the next-page link `{link}` is not a URL: {cause}"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_resolve_against_the_base_or_the_page() {
        let base = "http://h/api/v1";
        let page = Url::parse("http://h/api/v1/contacts?page=1").unwrap();
        let resolve = |link| resolve_link(base, &page, link).unwrap().to_string();
        assert_eq!(resolve("https://other/x?page=2"), "https://other/x?page=2");
        assert_eq!(
            resolve("/api/v1/contacts?page=2"),
            "http://h/api/v1/contacts?page=2"
        );
        assert_eq!(
            resolve("/contacts?page=2"),
            "http://h/api/v1/contacts?page=2"
        );
        assert_eq!(resolve("?page=3"), "http://h/api/v1/contacts?page=3");
        assert_eq!(
            resolve("contacts?page=4"),
            "http://h/api/v1/contacts?page=4"
        );
        let root = Url::parse("http://h/contacts").unwrap();
        assert_eq!(
            resolve_link("http://h", &root, "/contacts?page=2")
                .unwrap()
                .as_str(),
            "http://h/contacts?page=2"
        );
    }
}
