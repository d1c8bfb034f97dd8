//! An API's descriptor, error decoding, client hooks and constructors, and the checks of its
//! API-level words.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use serde_json::Value;

use super::*;

/// The name of the API in Rust (`payclients::Api::<name>`), on `info`.
pub const NAME_EXTENSION: &str = "x-payclients-name";
/// How the error body is recognised and shown, on its component schema.
pub const ERROR_EXTENSION: &str = "x-payclients-error";
/// The words of `x-payclients-error`.
pub const ERROR_WORDS: &[&str] = &["marker", "summary", "join", "request-id"];
/// On a parameter the client fills: repeating its value makes the request safe to retry.
pub const RETRY_SAFE_EXTENSION: &str = "x-payclients-retry-safe";
/// `hand-written`: the API's module writes its own constructors.
pub const CONSTRUCTORS_EXTENSION: &str = "x-payclients-constructors";
/// Media types the API also answers in that progenitor cannot type (`text/jsv`).
pub const ALSO_ANSWERS_EXTENSION: &str = "x-payclients-also-answers";
/// On a 2xx response: the outcome that is a decline, not a success.
pub const DECLINE_EXTENSION: &str = "x-payclients-decline";

/// What build.rs needs to know of an API to place it in the crate.
#[derive(Debug)]
pub struct ApiFacts {
    /// Its Rust name (`payclients::Api::<name>`).
    pub name: String,
    /// Its title, for docs.
    pub title: String,
    /// Whether it declares an OAuth2 password flow (then `payclients::auth` is built).
    pub password_grant: bool,
    /// The kind of value of a header the client fills (`ksuid`, `uuid`).
    pub fills: Option<String>,
    /// Its error body's type, below the API's module (`types::ErrorDocument`).
    pub error_type: String,
}

/// The facts of one API, checked.
pub fn api_facts(doc: &Value) -> Result<ApiFacts, String> {
    let info = doc.get("info").ok_or("no `info`")?;
    let name = &api_facts_name(doc)?;
    let title = info
        .get("title")
        .and_then(Value::as_str)
        .unwrap_or(name)
        .to_string();
    let password_grant = doc
        .pointer("/components/securitySchemes")
        .and_then(Value::as_object)
        .into_iter()
        .flat_map(|s| s.values())
        .any(|scheme| scheme.pointer("/flows/password/tokenUrl").is_some());
    let fills = filled_header(doc)?.map(|(_, kind, _)| kind);
    let error_type = format!("types::{}", error_schema(doc)?.0);
    Ok(ApiFacts {
        name: name.to_string(),
        title,
        password_grant,
        fills,
        error_type,
    })
}

/// The one header the client fills: `(name in lower case, kind, retry-safe)`.
fn filled_header(doc: &Value) -> Result<Option<(String, String, bool)>, String> {
    let mut found: Option<(String, String, bool)> = None;
    for (item, operation) in operations(doc) {
        for parameter in parameters(doc, item, operation) {
            let Some(kind) = parameter.get(super::super::CLIENT_FILLS_EXTENSION) else {
                continue;
            };
            let name = parameter.get("name").and_then(Value::as_str).unwrap_or("");
            let kind = match kind.as_str() {
                Some(k @ ("ksuid" | "uuid")) => k.to_string(),
                _ => {
                    return Err(format!(
                        "`{}` of {name} must be `ksuid` or `uuid`",
                        super::super::CLIENT_FILLS_EXTENSION
                    ));
                }
            };
            if parameter.get("in").and_then(Value::as_str) != Some("header") {
                return Err(format!("{name}: only a header can be filled by the client"));
            }
            let safe = parameter
                .get(RETRY_SAFE_EXTENSION)
                .and_then(Value::as_bool)
                .unwrap_or(false);
            let this = (name.to_ascii_lowercase(), kind, safe);
            match &found {
                Some(other) if *other != this => {
                    return Err(format!(
                        "the client fills `{}` and `{}`: one filled header per API",
                        other.0, this.0
                    ));
                }
                _ => found = Some(this),
            }
        }
    }
    Ok(found)
}

/// The error body's component schema: `(name, schema)`, the same in every error response.
fn error_schema(doc: &Value) -> Result<(String, &Value), String> {
    let mut found: Option<String> = None;
    for (_, operation) in operations(doc) {
        for (status, response) in operation
            .get("responses")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
        {
            if status.starts_with('2') {
                continue;
            }
            let content = resolve(doc, response)
                .get("content")
                .and_then(Value::as_object);
            for media in content.into_iter().flat_map(|c| c.values()) {
                let Some(reference) = media.pointer("/schema/$ref").and_then(Value::as_str) else {
                    continue;
                };
                let name = reference
                    .strip_prefix("#/components/schemas/")
                    .ok_or_else(|| format!("{status}: the error body must be a component"))?;
                match &found {
                    Some(other) if other != name => {
                        return Err(format!(
                            "two error bodies, {other} and {name}: an API has one error type"
                        ));
                    }
                    _ => found = Some(name.to_string()),
                }
            }
        }
    }
    let name = found.ok_or("no error response names its body: declare the error body's schema")?;
    let schema = doc
        .pointer(&format!("/components/schemas/{name}"))
        .ok_or_else(|| format!("no component {name}"))?;
    Ok((name, schema))
}

/// The JSON media type of the API's bodies when it is not `application/json`.
fn media_type(doc: &Value) -> Option<String> {
    for (_, operation) in operations(doc) {
        let responses = operation
            .get("responses")
            .and_then(Value::as_object)
            .into_iter()
            .flat_map(|r| r.values());
        for response in responses {
            let content = resolve(doc, response)
                .get("content")
                .and_then(Value::as_object);
            for media in content.into_iter().flat_map(|c| c.keys()) {
                if super::super::is_json_media_type(media) && media != "application/json" {
                    return Some(media.clone());
                }
            }
        }
    }
    None
}

/// The static `ErrorShape` of `x-payclients-error` on the schema `name`.
fn error_shape(name: &str, schema: &Value) -> Result<TokenStream, String> {
    let empty = Value::Object(Default::default());
    let words = schema.get(ERROR_EXTENSION).unwrap_or(&empty);
    let words = words
        .as_object()
        .ok_or_else(|| format!("{ERROR_EXTENSION} must be an object"))?;
    if let Some(unknown) = words.keys().find(|k| !ERROR_WORDS.contains(&k.as_str())) {
        return Err(format!("{ERROR_EXTENSION} has no word `{unknown}`"));
    }
    let marker = match words.get("marker").map(|m| m.as_str()) {
        None => quote!(None),
        Some(Some(m)) => quote!(Some(#m)),
        Some(None) => return Err("`marker` must be a property name".into()),
    };
    let join = words.get("join").and_then(Value::as_str).unwrap_or("; ");
    let mut groups = Vec::new();
    for group in words
        .get("summary")
        .map(|g| g.as_array().ok_or("`summary` must be a list of groups"))
        .transpose()?
        .into_iter()
        .flatten()
    {
        let each = pointer_steps("each", group.get("each"))?;
        let show: Vec<&str> = group
            .get("show")
            .and_then(Value::as_array)
            .ok_or("each `summary` group needs `show`, a list of templates")?
            .iter()
            .map(|t| t.as_str().ok_or("`show` holds texts"))
            .collect::<Result<_, _>>()?;
        groups.push(quote! {
            crate::descriptor::SummaryGroup { each: &[#(#each),*], show: &[#(#show),*] }
        });
    }
    let request_id = pointer_steps("request-id", words.get("request-id"))?;
    Ok(quote! {
        crate::descriptor::ErrorShape {
            schema: #name,
            marker: #marker,
            summary: &[#(#groups),*],
            join: #join,
            request_id: &[#(#request_id),*],
        }
    })
}

/// The items generated at the top of an API's file besides progenitor's: its descriptor, the
/// decoding of its error body, the client hooks and (unless hand-written) the constructors.
pub fn api_items(api: &str, doc: &Value) -> Result<Vec<syn::Item>, String> {
    let facts = api_facts(doc)?;
    let variant = format_ident!("{}", facts.name);
    let (error_name, schema) = error_schema(doc)?;
    let error_type = format_ident!("{}", error_name);
    let shape = error_shape(&error_name, schema)?;
    let media_type = match media_type(doc) {
        Some(m) => quote!(Some(#m)),
        None => quote!(None),
    };
    let filled = match filled_header(doc)? {
        None => quote!(None),
        Some((name, kind, safe)) => {
            let fresh = format_ident!("fresh_{}", kind);
            quote!(Some(crate::descriptor::FilledHeader {
                name: #name,
                fresh: crate::descriptor::#fresh,
                retry_safe: #safe,
            }))
        }
    };
    let password_grant = facts.password_grant;
    let templates: Vec<TokenStream> = doc
        .get("paths")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
        .flat_map(|(path, item)| {
            item.as_object()
                .into_iter()
                .flatten()
                .filter_map(move |(_, op)| op.get("operationId").and_then(Value::as_str))
                .map(move |id| quote!((#id, #path)))
        })
        .collect();
    let paged = paged_entries(&pagings(api, doc)?);
    let title = &facts.title;
    let spec_path = format!("/specs/{api}.yaml");
    let default_server = match doc
        .pointer("/servers/0/url")
        .and_then(Value::as_str)
        .filter(|url| !url.contains('{'))
    {
        Some(url) => quote!(Some(#url)),
        None => quote!(None),
    };
    let auth = auth_schemes(doc);
    let jsv = doc
        .get(ALSO_ANSWERS_EXTENSION)
        .and_then(Value::as_array)
        .is_some_and(|m| m.iter().any(|m| m == "text/jsv"));
    let declines = declines(doc)?
        .into_iter()
        .map(|(operation, when, equals, reason)| {
            let equals = equals.to_string();
            quote!(crate::descriptor::Decline {
                operation: #operation,
                when: &[#(#when),*],
                equals: #equals,
                reason: &[#(#reason),*],
            })
        });
    let mut items: Vec<TokenStream> = vec![quote! {
        /// What the spec declares of this API beyond its operations, read by the shared
        /// runtime (`crate::descriptor`).
        pub(crate) static DESCRIPTOR: crate::descriptor::Descriptor = crate::descriptor::Descriptor {
            name: #api,
            title: #title,
            #[cfg(feature = "sandbox")]
            spec: include_str!(concat!(env!("CARGO_MANIFEST_DIR"), #spec_path)),
            also_answers_jsv: #jsv,
            default_server: #default_server,
            auth: &[#(#auth),*],
            media_type: #media_type,
            password_grant: #password_grant,
            filled_header: #filled,
            templates: &[#(#templates),*],
            declines: &[#(#declines),*],
            paged: &[#(#paged),*],
            error: #shape,
            decode_error: |body| {
                crate::descriptor::decode_error::<types::#error_type>(&DESCRIPTOR.error, body, #jsv)
                    .map(crate::ApiError::#variant)
            },
        };

        impl progenitor_client::ClientHooks<crate::transport::ClientState> for Client {
            async fn pre<E>(
                &self,
                request: &mut reqwest::Request,
                info: &progenitor_client::OperationInfo,
            ) -> Result<(), progenitor_client::Error<E>> {
                crate::transport::pre(&self.inner, request, info).await
            }

            async fn exec(
                &self,
                request: reqwest::Request,
                info: &progenitor_client::OperationInfo,
            ) -> reqwest::Result<reqwest::Response> {
                crate::transport::exec(&self.inner, &self.client, request, info).await
            }
        }

        impl Client {
            /// A request to any path of this API, through this client's auth, retries,
            /// timeouts and errors (see [`crate::raw`]).
            pub fn raw(&self, method: reqwest::Method, path: &str) -> crate::raw::RawRequest<'_> {
                crate::raw::RawRequest::new(&self.inner, &self.client, &self.baseurl, method, path)
            }

            /// This client with the HTTP client that the constructors build
            /// ([`crate::transport::DEFAULT_TIMEOUT`] per request).
            #[allow(dead_code)]
            pub(crate) fn with_default_http_client(mut self) -> Self {
                self.inner.set_default_http_client();
                self
            }

            /// Sets the most bytes of a response body that are read (default
            /// [`crate::transport::DEFAULT_MAX_BODY_SIZE`], 64 MiB); a longer body is an error of
            /// kind `BodyTooLarge` that keeps the status and headers.
            pub fn with_max_body_size(mut self, bytes: usize) -> Self {
                self.inner.set_max_body_size(bytes);
                self
            }

            /// Sets how this client retries and times out (default:
            /// `payclients::retry::RetryPolicy::default()`; `RetryPolicy::none()` turns retries off).
            pub fn with_retry_policy(mut self, policy: crate::retry::RetryPolicy) -> Self {
                self.inner.set_retry_policy(policy);
                self
            }
        }
    }];
    let hand_written = match doc.get(CONSTRUCTORS_EXTENSION) {
        None => false,
        Some(v) if v == "hand-written" => true,
        Some(_) => {
            return Err(format!(
                "`{CONSTRUCTORS_EXTENSION}` can only be `hand-written`"
            ));
        }
    };
    if !hand_written {
        items.push(constructors(doc, &variant)?);
    }
    items
        .into_iter()
        .map(|tokens| {
            syn::parse2::<syn::File>(tokens)
                .map(|f| f.items)
                .map_err(|e| format!("generated API items do not parse: {e}"))
        })
        .collect::<Result<Vec<_>, _>>()
        .map(|v| v.into_iter().flatten().collect())
}

/// The security schemes the runtime knows, as `crate::descriptor::Auth` values.
fn auth_schemes(doc: &Value) -> Vec<TokenStream> {
    let schemes = doc
        .pointer("/components/securitySchemes")
        .and_then(Value::as_object)
        .into_iter()
        .flat_map(|s| s.values());
    let mut out = Vec::new();
    for scheme in schemes {
        let http = |kind: &str| {
            scheme.get("type").and_then(Value::as_str) == Some("http")
                && scheme
                    .get("scheme")
                    .and_then(Value::as_str)
                    .is_some_and(|v| v.eq_ignore_ascii_case(kind))
        };
        if http("bearer") {
            out.push(quote!(crate::descriptor::Auth::Bearer));
        } else if http("basic") {
            out.push(quote!(crate::descriptor::Auth::Basic));
        } else if let Some(token_url) = scheme
            .pointer("/flows/password/tokenUrl")
            .and_then(Value::as_str)
        {
            let scopes: Vec<&String> = scheme
                .pointer("/flows/password/scopes")
                .and_then(Value::as_object)
                .map(|s| s.keys().collect())
                .unwrap_or_default();
            out.push(quote!(crate::descriptor::Auth::PasswordGrant {
                token_url: #token_url,
                scopes: &[#(#scopes),*],
            }));
        }
    }
    out
}

/// `new` and `with_http_client` for a bearer or Basic scheme, `with_password_grant` and
/// `with_token_provider` for an OAuth2 password flow.
fn constructors(doc: &Value, variant: &syn::Ident) -> Result<TokenStream, String> {
    let schemes: Vec<&Value> = doc
        .pointer("/components/securitySchemes")
        .and_then(Value::as_object)
        .into_iter()
        .flat_map(|s| s.values())
        .collect();
    let http_scheme = |kind: &str| {
        schemes.iter().any(|s| {
            s.get("type").and_then(Value::as_str) == Some("http")
                && s.get("scheme")
                    .and_then(Value::as_str)
                    .is_some_and(|v| v.eq_ignore_ascii_case(kind))
        })
    };
    let (bearer, basic) = (http_scheme("bearer"), http_scheme("basic"));
    let password = schemes
        .iter()
        .any(|s| s.pointer("/flows/password/tokenUrl").is_some());
    let mut out = TokenStream::new();
    let defaults =
        "The HTTP client uses rustls, a 10 s connect timeout and a 30 s request timeout.";
    if bearer && basic {
        return Err(
            "both bearer and Basic schemes: declare `x-payclients-constructors: \
                    hand-written` and write the constructors"
                .into(),
        );
    }
    if bearer {
        let doc_new = format!(
            " A client for `base_url` that sends `token` as a bearer token. {defaults} The token \
             never appears in `Debug` output or errors."
        );
        out.extend(quote! {
            impl Client {
                #[doc = #doc_new]
                pub fn new(base_url: impl crate::transport::IntoBaseUrl, token: &str) -> Result<Self, crate::Error> {
                    Self::with_http_client(base_url, token, crate::transport::http_client()?)
                        .map(Self::with_default_http_client)
                }

                /// Like [`Client::new`], with an HTTP client of your own (its timeouts, proxy,
                /// TLS); start from [`crate::transport::http_client_builder`].
                pub fn with_http_client(
                    base_url: impl crate::transport::IntoBaseUrl,
                    token: &str,
                    http: reqwest::Client,
                ) -> Result<Self, crate::Error> {
                    let inner = crate::transport::ClientState::new(crate::Api::#variant).bearer(token)?;
                    Ok(Self::new_with_client(&crate::transport::base_url(base_url)?, http, inner))
                }
            }
        });
    }
    if basic {
        let doc_new = format!(
            " A client for `base_url` with HTTP Basic credentials. {defaults} Neither appears in \
             `Debug` output or errors."
        );
        out.extend(quote! {
            impl Client {
                #[doc = #doc_new]
                pub fn new(
                    base_url: impl crate::transport::IntoBaseUrl,
                    user: &str,
                    password: &str,
                ) -> Result<Self, crate::Error> {
                    Self::with_http_client(base_url, user, password, crate::transport::http_client()?)
                        .map(Self::with_default_http_client)
                }

                /// Like [`Client::new`], with an HTTP client of your own; start from
                /// [`crate::transport::http_client_builder`].
                pub fn with_http_client(
                    base_url: impl crate::transport::IntoBaseUrl,
                    user: &str,
                    password: &str,
                    http: reqwest::Client,
                ) -> Result<Self, crate::Error> {
                    let inner = crate::transport::ClientState::new(crate::Api::#variant).basic(user, password)?;
                    Ok(Self::new_with_client(&crate::transport::base_url(base_url)?, http, inner))
                }
            }
        });
    }
    if password {
        out.extend(quote! {
            impl Client {
                /// A client that gets and renews its tokens with an OAuth2 password grant
                /// ([`crate::auth::PasswordGrant`]).
                pub fn with_password_grant(
                    base_url: impl crate::transport::IntoBaseUrl,
                    grant: crate::auth::PasswordGrant,
                ) -> Result<Self, crate::Error> {
                    let http = crate::transport::http_client()?;
                    let provider = ::std::sync::Arc::new(
                        crate::auth::TokenProvider::with_http_client(grant, http.clone()),
                    );
                    Self::with_token_provider(base_url, provider, http)
                        .map(Self::with_default_http_client)
                }

                /// A client that gets its tokens from a provider of your own (shared with other
                /// clients, say), with an HTTP client of your own (start from
                /// [`crate::transport::http_client_builder`]).
                pub fn with_token_provider(
                    base_url: impl crate::transport::IntoBaseUrl,
                    provider: ::std::sync::Arc<crate::auth::TokenProvider>,
                    http: reqwest::Client,
                ) -> Result<Self, crate::Error> {
                    provider.check_token_url()?;
                    let inner = crate::transport::ClientState::new(crate::Api::#variant).token_provider(provider);
                    Ok(Self::new_with_client(&crate::transport::base_url(base_url)?, http, inner))
                }
            }
        });
    }
    if out.is_empty() {
        return Err(
            "no bearer, Basic or OAuth2 password scheme to build constructors from: \
                    declare `x-payclients-constructors: hand-written`"
                .into(),
        );
    }
    Ok(out)
}

/// Every 2xx response declared `x-payclients-decline`: `(operation, when, equals, reason)`.
type DeclineWords = (String, Vec<String>, Value, Vec<String>);

fn declines(doc: &Value) -> Result<Vec<DeclineWords>, String> {
    let mut out: Vec<DeclineWords> = Vec::new();
    for (_, operation) in operations(doc) {
        let id = operation
            .get("operationId")
            .and_then(Value::as_str)
            .unwrap_or_default();
        for (status, response) in operation
            .get("responses")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
        {
            let Some(words) = resolve(doc, response).get(DECLINE_EXTENSION) else {
                continue;
            };
            if !status.starts_with('2') {
                return Err(format!(
                    "{id} {status}: only a 2xx response can be a decline"
                ));
            }
            let when = pointer_steps("when", words.get("when"))?;
            let equals = words
                .get("equals")
                .cloned()
                .ok_or_else(|| format!("{id}: {DECLINE_EXTENSION} needs `when` and `equals`"))?;
            if when.is_empty() {
                return Err(format!(
                    "{id}: {DECLINE_EXTENSION} needs `when`, a JSON pointer"
                ));
            }
            let reason = pointer_steps("reason", words.get("reason"))?;
            let schema = success_schema(doc, operation)?;
            for (word, path) in [("when", &when), ("reason", &reason)] {
                if !path.is_empty() {
                    walk(doc, schema, path).map_err(|e| format!("{id}: `{word}`: {e}"))?;
                }
            }
            if !out.iter().any(|(o, ..)| o == id) {
                out.push((id.to_string(), when, equals, reason));
            }
        }
    }
    Ok(out)
}

/// Every declaration check, each with its rule name, for `cargo xtask validate`.
pub fn checks(doc: &Value) -> Vec<(&'static str, String)> {
    let mut findings = Vec::new();
    let mut check = |rule: &'static str, result: Result<(), String>| {
        if let Err(reason) = result {
            findings.push((rule, reason));
        }
    };
    check("paging", pagings("api", doc).map(drop));
    check("api-name", api_facts_name(doc).map(drop));
    check(
        "error-body",
        error_schema(doc).and_then(|(name, schema)| error_shape(&name, schema).map(drop)),
    );
    check("client-fills", filled_header(doc).map(drop));
    check("decline", declines(doc).map(drop));
    let hand_written = doc.get(CONSTRUCTORS_EXTENSION);
    check(
        "constructors",
        match hand_written {
            Some(v) if v == "hand-written" => Ok(()),
            Some(_) => Err(format!(
                "`{CONSTRUCTORS_EXTENSION}` can only be `hand-written`"
            )),
            None => constructors(doc, &format_ident!("Api")).map(drop),
        },
    );
    findings
}

fn api_facts_name(doc: &Value) -> Result<String, String> {
    let name = doc
        .pointer(&format!("/info/{NAME_EXTENSION}"))
        .and_then(Value::as_str)
        .ok_or_else(|| {
            format!("`info` needs `{NAME_EXTENSION}`, the API's name in Rust (`Unit`)")
        })?;
    if syn::parse_str::<syn::Ident>(name).is_err()
        || !name.starts_with(|c: char| c.is_ascii_uppercase())
    {
        return Err(format!(
            "`{NAME_EXTENSION}: {name}` is not a Rust type name"
        ));
    }
    Ok(name.to_string())
}
