//! What a spec declares beyond what progenitor reads, turned into Rust beside the generated
//! client (included by `codegen.rs`, so by `build.rs` and `cargo xtask generate` alike).
//!
//! - `x-payclients-paging` on a list operation: `stream()` on its builder, over the shared
//!   `crate::pagination::declared` runtime (see specs/README.md for the words).
//!
//! Each function reads the spec as JSON (`$ref`s resolved here) and answers a one-line error
//! for a declaration it cannot follow; `cargo xtask validate` checks the same words with a
//! failing fixture per rule.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use serde_json::Value;

/// The extension that declares how a list operation pages.
pub const PAGING_EXTENSION: &str = "x-payclients-paging";

/// The words of `x-payclients-paging`, and which of them each style needs.
pub const PAGING_WORDS: &[&str] = &[
    "style",
    "in",
    "header",
    "size",
    "offset",
    "number",
    "cursor",
    "items",
    "total",
    "total-is",
    "next-cursor",
    "offset-echo",
    "max-page-size",
    "item-id",
];

/// One paged operation as its spec declares it.
#[derive(Debug)]
pub struct Paging {
    pub operation_id: String,
    pub style: String,
    /// `None`: query parameters; `Some(name)`: one header carrying a JSON object.
    pub json_header: Option<String>,
    pub size: String,
    /// The offset, number or cursor parameter (by style).
    pub position: String,
    pub items: Vec<String>,
    pub total: Option<Vec<String>>,
    pub exact_total: bool,
    pub next_cursor: Option<Vec<String>>,
    pub offset_echo: Option<Vec<String>>,
    pub max_page_size: u64,
    pub item_id: String,
    /// The Rust type of an item, and whether its id is optional there.
    pub item_type: TokenStream,
    pub item_id_optional: bool,
}

/// Every `x-payclients-paging` of the spec, checked against the operation's response.
pub fn pagings(api: &str, doc: &Value) -> Result<Vec<Paging>, String> {
    let mut out = Vec::new();
    let Some(paths) = doc.get("paths").and_then(Value::as_object) else {
        return Ok(out);
    };
    for item in paths.values() {
        let Some(item) = item.as_object() else {
            continue;
        };
        for (method, operation) in item {
            let Some(declared) = operation.get(PAGING_EXTENSION) else {
                continue;
            };
            let id = operation
                .get("operationId")
                .and_then(Value::as_str)
                .unwrap_or(method);
            out.push(paging(api, doc, id, operation, declared).map_err(|e| format!("{id}: {e}"))?);
        }
    }
    out.sort_by(|a, b| a.operation_id.cmp(&b.operation_id));
    Ok(out)
}

fn paging(
    api: &str,
    doc: &Value,
    id: &str,
    operation: &Value,
    declared: &Value,
) -> Result<Paging, String> {
    let words = declared
        .as_object()
        .ok_or_else(|| format!("{PAGING_EXTENSION} must be an object"))?;
    if let Some(unknown) = words.keys().find(|k| !PAGING_WORDS.contains(&k.as_str())) {
        return Err(format!("{PAGING_EXTENSION} has no word `{unknown}`"));
    }
    let text = |word: &str| words.get(word).and_then(Value::as_str).map(str::to_string);
    let need = |word: &str| text(word).ok_or_else(|| format!("{PAGING_EXTENSION} needs `{word}`"));
    let pointer = |word: &str| -> Result<Option<Vec<String>>, String> {
        text(word).map(|p| parse_pointer(word, &p)).transpose()
    };
    let style = need("style")?;
    let position_word = match style.as_str() {
        "offset" => "offset",
        "page-number" => "number",
        "cursor" => "cursor",
        other => {
            return Err(format!(
                "style `{other}` is not offset, page-number or cursor"
            ));
        }
    };
    let json_header = match text("in").as_deref().unwrap_or("query") {
        "query" => None,
        "header" => Some(need("header")?),
        other => return Err(format!("`in: {other}` is not query or header")),
    };
    let total = pointer("total")?;
    let exact_total = match text("total-is").as_deref() {
        None | Some("estimate") => false,
        Some("exact") => true,
        Some(other) => return Err(format!("`total-is: {other}` is not exact or estimate")),
    };
    let next_cursor = pointer("next-cursor")?;
    if style == "cursor" && next_cursor.is_none() {
        return Err("cursor paging needs `next-cursor`".to_string());
    }
    let max_page_size = words
        .get("max-page-size")
        .and_then(Value::as_u64)
        .filter(|&n| n > 0)
        .ok_or_else(|| format!("{PAGING_EXTENSION} needs `max-page-size`, a positive integer"))?;
    let items = pointer("items")?.ok_or_else(|| format!("{PAGING_EXTENSION} needs `items`"))?;
    let item_id = need("item-id")?;

    // The items' type, from the success response's schema.
    let schema = success_schema(doc, operation)?;
    let array = walk(doc, schema, &items)?;
    if resolve(doc, array).get("type").and_then(Value::as_str) != Some("array") {
        return Err(format!("`items` {} is not an array", join(&items)));
    }
    let item = array
        .get("items")
        .or_else(|| resolve(doc, array).get("items"))
        .ok_or_else(|| format!("`items` {} has no item schema", join(&items)))?;
    let item_type = component_type(api, doc, item)?;
    let id_schema = property(doc, item, &item_id)
        .ok_or_else(|| format!("`item-id` {item_id} is not a property of the items"))?;
    let item_id_optional = !required(doc, item, &item_id)
        || resolve(doc, id_schema)
            .get("nullable")
            .and_then(Value::as_bool)
            .unwrap_or(false);
    for (word, path) in [
        ("total", &total),
        ("next-cursor", &next_cursor),
        ("offset-echo", &pointer("offset-echo")?),
    ] {
        if let Some(path) = path {
            walk(doc, schema, path).map_err(|e| format!("`{word}`: {e}"))?;
        }
    }
    Ok(Paging {
        operation_id: id.to_string(),
        style,
        json_header,
        size: need("size")?,
        position: need(position_word)?,
        items,
        total,
        exact_total,
        next_cursor,
        offset_echo: pointer("offset-echo")?,
        max_page_size,
        item_id,
        item_type,
        item_id_optional,
    })
}

/// `/a/b` → `["a", "b"]` (JSON Pointer, `~1` and `~0` unescaped).
fn parse_pointer(word: &str, pointer: &str) -> Result<Vec<String>, String> {
    let rest = pointer
        .strip_prefix('/')
        .ok_or_else(|| format!("`{word}` must be a JSON pointer (`/data`), not `{pointer}`"))?;
    Ok(rest
        .split('/')
        .map(|s| s.replace("~1", "/").replace("~0", "~"))
        .collect())
}

fn join(path: &[String]) -> String {
    format!("/{}", path.join("/"))
}

/// The schema a `$ref` names (components only), or the value itself.
pub fn resolve<'a>(doc: &'a Value, value: &'a Value) -> &'a Value {
    let mut value = value;
    for _ in 0..16 {
        match value.get("$ref").and_then(Value::as_str) {
            Some(r) => match r.strip_prefix('#').and_then(|p| doc.pointer(p)) {
                Some(target) => value = target,
                None => return value,
            },
            None => return value,
        }
    }
    value
}

/// The JSON schema of the operation's first 2xx response.
fn success_schema<'a>(doc: &'a Value, operation: &'a Value) -> Result<&'a Value, String> {
    let responses = operation
        .get("responses")
        .and_then(Value::as_object)
        .ok_or("no responses")?;
    let (_, response) = responses
        .iter()
        .find(|(status, _)| status.starts_with('2'))
        .ok_or("no 2xx response")?;
    let content = resolve(doc, response)
        .get("content")
        .and_then(Value::as_object)
        .ok_or("its 2xx response has no content")?;
    content
        .iter()
        .find(|(media, _)| media.contains("json"))
        .and_then(|(_, c)| c.get("schema"))
        .ok_or_else(|| "its 2xx response has no JSON schema".to_string())
}

/// The schema at `path` below `schema` (through `$ref`s and `allOf`).
fn walk<'a>(doc: &'a Value, schema: &'a Value, path: &[String]) -> Result<&'a Value, String> {
    let mut here = schema;
    for segment in path {
        here = property(doc, here, segment)
            .ok_or_else(|| format!("the response has no {}", join(path)))?;
    }
    Ok(here)
}

fn property<'a>(doc: &'a Value, schema: &'a Value, name: &str) -> Option<&'a Value> {
    let schema = resolve(doc, schema);
    if let Some(found) = schema.get("properties").and_then(|p| p.get(name)) {
        return Some(found);
    }
    schema
        .get("allOf")
        .and_then(Value::as_array)?
        .iter()
        .find_map(|part| property(doc, part, name))
}

/// Whether `name` is a required property of `schema` (or of one of its `allOf` parts).
fn required(doc: &Value, schema: &Value, name: &str) -> bool {
    let schema = resolve(doc, schema);
    schema
        .get("required")
        .and_then(Value::as_array)
        .is_some_and(|r| r.iter().any(|n| n == name))
        || schema
            .get("allOf")
            .and_then(Value::as_array)
            .is_some_and(|parts| parts.iter().any(|part| required(doc, part, name)))
}

/// The Rust type of a named component schema: `types::Name`, or its `x-payclients-type`.
fn component_type(api: &str, doc: &Value, schema: &Value) -> Result<TokenStream, String> {
    let reference = schema
        .get("$ref")
        .and_then(Value::as_str)
        .ok_or("the items must be a named component (`$ref`)")?;
    let name = reference
        .strip_prefix("#/components/schemas/")
        .ok_or_else(|| format!("`{reference}` is not a component schema"))?;
    let replaced = resolve(doc, schema)
        .get(super::REPLACE_EXTENSION)
        .and_then(Value::as_str);
    let path = match replaced {
        Some(path) if path.starts_with("crate::") => path.to_string(),
        Some(path) => format!("crate::{api}::{path}"),
        None => format!("types::{name}"),
    };
    path.parse()
        .map_err(|_| format!("`{path}` is not a Rust path"))
}

/// A JSON property name as typify names its field (`totalCount` → `total_count`).
pub fn field_name(property: &str) -> String {
    let mut out = String::new();
    let mut previous_lower = false;
    for c in property.chars() {
        if c.is_ascii_uppercase() {
            if previous_lower {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
            previous_lower = false;
        } else if c.is_ascii_alphanumeric() {
            out.push(c);
            previous_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
        } else {
            if !out.ends_with('_') {
                out.push('_');
            }
            previous_lower = false;
        }
    }
    match out.as_str() {
        "type" | "ref" | "self" | "match" | "struct" | "enum" | "impl" | "mod" | "use" => {
            format!("{out}_")
        }
        _ => out,
    }
}

/// A builder's type name: `list_received_payments` → `ListReceivedPayments`.
fn builder_name(operation_id: &str) -> syn::Ident {
    let mut out = String::new();
    for part in operation_id.split(|c: char| !c.is_ascii_alphanumeric()) {
        let mut chars = part.chars();
        if let Some(first) = chars.next() {
            out.push(first.to_ascii_uppercase());
            out.extend(chars);
        }
    }
    format_ident!("{}", out)
}

/// `impl Builder<'a> { pub fn stream(self) -> Paginator<'a, Item> }` for each paged operation,
/// for `mod builder`.
pub fn stream_impls(pagings: &[Paging]) -> Vec<syn::Item> {
    pagings.iter().map(stream_impl).collect()
}

/// The name of an operation's paging static: `PAGING_LIST_RECEIVED_PAYMENTS`.
fn paging_static(operation_id: &str) -> syn::Ident {
    format_ident!(
        "PAGING_{}",
        operation_id
            .to_ascii_uppercase()
            .replace(|c: char| !c.is_ascii_alphanumeric(), "_")
    )
}

/// Each paged operation's declared paging, at the top of the API's file, for its `stream()`
/// and the descriptor.
pub fn paging_statics(pagings: &[Paging]) -> Vec<syn::Item> {
    pagings
        .iter()
        .map(|p| {
            let name = paging_static(&p.operation_id);
            let (style, _) = style_of(p);
            let placement = match &p.json_header {
                None => quote!(crate::pagination::declared::Placement::Query),
                Some(header) => {
                    quote!(crate::pagination::declared::Placement::JsonHeader(#header))
                }
            };
            let total = if p.exact_total {
                quote!(crate::pagination::Total::Exact)
            } else {
                quote!(crate::pagination::Total::Estimate)
            };
            let (size, position, max) = (&p.size, &p.position, p.max_page_size);
            let doc = format!(
                " How `{}` pages (its `x-payclients-paging`).",
                p.operation_id
            );
            syn::parse_quote! {
                #[doc = #doc]
                pub(crate) static #name: crate::pagination::declared::Paging =
                    crate::pagination::declared::Paging {
                        style: crate::pagination::declared::Style::#style,
                        placement: #placement,
                        size: #size,
                        position: #position,
                        total: #total,
                        max_page_size: #max,
                    };
            }
        })
        .collect()
}

/// The descriptor's entries of the paged operations (the CLI pages untyped JSON with them).
fn paged_entries(pagings: &[Paging]) -> Vec<TokenStream> {
    pagings
        .iter()
        .map(|p| {
            let name = paging_static(&p.operation_id);
            let operation = &p.operation_id;
            let items = &p.items;
            let steps = |path: &Option<Vec<String>>| path.clone().unwrap_or_default();
            let (total, cursor, echo) = (
                steps(&p.total),
                steps(&p.next_cursor),
                steps(&p.offset_echo),
            );
            let item_id = &p.item_id;
            quote!(crate::descriptor::PagedOperation {
                operation: #operation,
                paging: &#name,
                items: &[#(#items),*],
                total: &[#(#total),*],
                next_cursor: &[#(#cursor),*],
                offset_echo: &[#(#echo),*],
                item_id: #item_id,
            })
        })
        .collect()
}

fn style_of(p: &Paging) -> (TokenStream, &'static str) {
    match p.style.as_str() {
        "offset" => (quote!(Offset), "offset"),
        "page-number" => (quote!(PageNumber), "page number"),
        _ => (quote!(Cursor), "cursor"),
    }
}

fn stream_impl(p: &Paging) -> syn::Item {
    let builder = builder_name(&p.operation_id);
    let static_name = paging_static(&p.operation_id);
    let item = &p.item_type;
    let operation = &p.operation_id;
    let (_, position_doc) = style_of(p);
    let (size, position, max) = (&p.size, &p.position, p.max_page_size);

    // The page body: only what paging reads, in nested structs built from the pointers.
    let mut tree = Node::default();
    tree.insert(&p.items, Leaf::Items);
    for (path, leaf) in [
        (&p.total, Leaf::Number),
        (&p.offset_echo, Leaf::Number),
        (&p.next_cursor, Leaf::Text),
    ] {
        if let Some(path) = path {
            tree.insert(path, leaf);
        }
    }
    let mut structs = Vec::new();
    tree.structs(&format_ident!("PageBody"), item, &mut structs);
    let items = access_required(&p.items);
    let optional = |path: &Option<Vec<String>>| match path {
        Some(path) => access_optional(&tree, path),
        None => quote!(None),
    };
    let (total_access, echo_access, cursor_access) = (
        optional(&p.total),
        optional(&p.offset_echo),
        optional(&p.next_cursor),
    );
    let field = format_ident!("{}", field_name(&p.item_id));
    let key = if p.item_id_optional {
        quote!(|item: &#item| item.#field.as_ref().map(|id| id.to_string()).unwrap_or_default())
    } else {
        quote!(|item: &#item| item.#field.to_string())
    };
    let doc = format!(
        " Every item of `{operation}`, page after page, with every parameter set on this builder; \
         the page size (`{size}`, default and at most {max}) and the {position_doc} (`{position}`) \
         are the stream's. The total is {}.",
        if p.exact_total {
            "exact and ends the stream"
        } else if p.style == "cursor" {
            "not used: a page without a next cursor ends the stream"
        } else {
            "an estimate: a short or empty page ends the stream"
        }
    );
    syn::Item::Verbatim(quote! {
        impl<'a> #builder<'a> {
            #[doc = #doc]
            pub fn stream(self) -> crate::pagination::Paginator<'a, #item> {
                #(#structs)*
                crate::pagination::declared::stream(
                    &super::#static_name,
                    #operation,
                    #key,
                    move || {
                        let (client, request) = self.clone().into_request();
                        (&client.inner, &client.client, request)
                    },
                    |body: PageBody| crate::pagination::declared::Parts {
                        total: #total_access,
                        offset: #echo_access,
                        next_cursor: #cursor_access,
                        items: body #items,
                    },
                )
            }
        }
    })
}

#[derive(Clone, Copy, PartialEq)]
enum Leaf {
    Items,
    Number,
    Text,
}

/// A node of the page body: an object with some properties, or a leaf value.
#[derive(Default)]
struct Node {
    leaf: Option<Leaf>,
    /// On the way to the items: required (a body without them does not decode).
    required: bool,
    children: Vec<(String, Node)>,
}

impl Node {
    fn insert(&mut self, path: &[String], leaf: Leaf) {
        let mut here = self;
        for segment in path {
            let index = match here.children.iter().position(|(n, _)| n == segment) {
                Some(i) => i,
                None => {
                    here.children.push((segment.clone(), Node::default()));
                    here.children.len() - 1
                }
            };
            here = &mut here.children[index].1;
            here.required |= leaf == Leaf::Items;
        }
        here.leaf = Some(leaf);
    }

    fn child(&self, name: &str) -> Option<&Node> {
        self.children
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, c)| c)
    }

    /// The struct of this node (named `name`) and of its descendants.
    fn structs(&self, name: &syn::Ident, item: &TokenStream, out: &mut Vec<TokenStream>) {
        let mut fields = Vec::new();
        for (index, (property, child)) in self.children.iter().enumerate() {
            let field = format_ident!("f{}", index);
            let ty = match child.leaf {
                Some(Leaf::Items) => quote!(::std::vec::Vec<#item>),
                Some(Leaf::Number) => quote!(::std::option::Option<i64>),
                Some(Leaf::Text) => quote!(::std::option::Option<::std::string::String>),
                None => {
                    let nested = format_ident!("{}{}", name, builder_name(property));
                    child.structs(&nested, item, out);
                    if child.required {
                        quote!(#nested)
                    } else {
                        quote!(::std::option::Option<#nested>)
                    }
                }
            };
            let default = (!child.required).then(|| quote!(#[serde(default)]));
            fields.push(quote! { #[serde(rename = #property)] #default #field: #ty });
        }
        out.push(quote! {
            #[derive(::serde::Deserialize)]
            struct #name { #(#fields,)* }
        });
    }
}

/// `.f0.f1` along a path of required nodes (the items).
fn access_required(path: &[String]) -> TokenStream {
    let _ = path;
    let fields = (0..path.len()).map(|_| quote!(.f0));
    // The items' path is inserted first, so it is field 0 at every level.
    quote!(#(#fields)*)
}

/// An `Option` of the value at `path`, through optional nodes, borrowing the body.
fn access_optional(tree: &Node, path: &[String]) -> TokenStream {
    let mut steps = Vec::new();
    let mut here = tree;
    for segment in path {
        let index = here
            .children
            .iter()
            .position(|(n, _)| n == segment)
            .expect("inserted above");
        let child = here.child(segment).expect("inserted above");
        let field = format_ident!("f{}", index);
        steps.push(if child.leaf.is_some() {
            quote!(.and_then(|v| v.#field.clone()))
        } else if child.required {
            quote!(.map(|v| &v.#field))
        } else {
            quote!(.and_then(|v| v.#field.as_ref()))
        });
        here = child;
    }
    quote!(::std::option::Option::Some(&body) #(#steps)*)
}

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

/// Every operation of the spec with its path item.
fn operations(doc: &Value) -> Vec<(&Value, &Value)> {
    let mut out = Vec::new();
    for item in doc
        .get("paths")
        .and_then(Value::as_object)
        .into_iter()
        .flat_map(|paths| paths.values())
    {
        for (method, operation) in item.as_object().into_iter().flatten() {
            if super::is_method(method) {
                out.push((item, operation));
            }
        }
    }
    out
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
        let parameters = [item, operation]
            .into_iter()
            .filter_map(|v| v.get("parameters").and_then(Value::as_array))
            .flatten();
        for parameter in parameters {
            let parameter = resolve(doc, parameter);
            let Some(kind) = parameter.get(super::CLIENT_FILLS_EXTENSION) else {
                continue;
            };
            let name = parameter.get("name").and_then(Value::as_str).unwrap_or("");
            let kind = match kind.as_str() {
                Some(k @ ("ksuid" | "uuid")) => k.to_string(),
                _ => {
                    return Err(format!(
                        "`{}` of {name} must be `ksuid` or `uuid`",
                        super::CLIENT_FILLS_EXTENSION
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
                if super::is_json_media_type(media) && media != "application/json" {
                    return Some(media.clone());
                }
            }
        }
    }
    None
}

fn pointer_steps(word: &str, value: Option<&Value>) -> Result<Vec<String>, String> {
    match value.and_then(Value::as_str) {
        None => Ok(Vec::new()),
        Some(p) => parse_pointer(word, p),
    }
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
            declines: &[#(#declines),*],
            paged: &[#(#paged),*],
            error: #shape,
            decode_error: |body| {
                crate::descriptor::decode_error::<types::#error_type>(&DESCRIPTOR.error, body, #jsv)
                    .map(crate::ApiError::#variant)
            },
        };

        impl progenitor_client::ClientHooks<crate::transport::Inner> for Client {
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
                    let inner = crate::transport::Inner::new(crate::Api::#variant).bearer(token)?;
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
                    let inner = crate::transport::Inner::new(crate::Api::#variant).basic(user, password)?;
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
                    let inner = crate::transport::Inner::new(crate::Api::#variant).token_provider(provider);
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

/// `Client::prepare_from_text` (feature `cli`): the request of any operation with its
/// parameters given as text (the CLI's flags) and its body as JSON, built by the operation's
/// own typed builder, so that the command line sends exactly what the typed client sends.
pub fn text_dispatch(doc: &Value, file: &syn::File) -> Result<Vec<syn::Item>, String> {
    let builders = super::module_items(file, "builder")?;
    let mut arms = Vec::new();
    for (item, operation) in operations(doc) {
        let Some(id) = operation.get("operationId").and_then(Value::as_str) else {
            continue;
        };
        let builder = builder_name(id);
        // The builder's setters: name → the type its `TryInto` bound names.
        let mut setters: Vec<(String, syn::Type)> = Vec::new();
        for b in builders {
            let syn::Item::Impl(imp) = b else { continue };
            let syn::Type::Path(self_ty) = &*imp.self_ty else {
                continue;
            };
            if imp.trait_.is_some()
                || self_ty.path.segments.last().map(|s| &s.ident) != Some(&builder)
            {
                continue;
            }
            for f in &imp.items {
                let syn::ImplItem::Fn(f) = f else { continue };
                if let Some(ty) = setter_type(f) {
                    setters.push((f.sig.ident.to_string(), ty));
                }
            }
        }
        let method = format_ident!("{}", id);
        let mut sets = Vec::new();
        let parameters = [item, operation]
            .into_iter()
            .filter_map(|v| v.get("parameters").and_then(Value::as_array))
            .flatten();
        for parameter in parameters {
            let parameter = resolve(doc, parameter);
            let Some(name) = parameter.get("name").and_then(Value::as_str) else {
                continue;
            };
            let setter = field_name(name).trim_matches('_').to_string();
            let Some((_, ty)) = setters.iter().find(|(s, _)| *s == setter) else {
                return Err(format!(
                    "{id}: no builder method `{setter}` for the parameter {name}"
                ));
            };
            let setter = format_ident!("{}", setter);
            sets.push(quote! {
                if let Some(text) = param(#name) {
                    builder = builder.#setter(crate::cli::value_from_text::<#ty>(#name, &text)?);
                }
            });
        }
        if let Some((_, ty)) = setters.iter().find(|(s, _)| s == "body") {
            sets.push(quote! {
                if let Some(body) = body {
                    builder = builder.body(crate::cli::value_from_json::<#ty>(body)?);
                }
            });
        }
        arms.push(quote! {
            #id => (|| {
                let mut builder = self.#method();
                #(#sets)*
                builder.into_request().1.map_err(|e| e.to_string())
            })(),
        });
    }
    let tokens = quote! {
        #[cfg(feature = "cli")]
        impl Client {
            /// The request of `operation` with each parameter's text from `param` (by its name
            /// in the spec) and the body as JSON, built by the operation's typed builder: the
            /// command line sends what the typed client sends. `None` for an unknown operation.
            #[allow(deprecated, unused_mut, clippy::redundant_closure_call)]
            pub(crate) fn prepare_from_text(
                &self,
                operation: &str,
                param: &dyn Fn(&str) -> Option<String>,
                body: Option<::serde_json::Value>,
            ) -> Option<Result<reqwest::Request, String>> {
                let _ = (&param, &body);
                Some(match operation {
                    #(#arms)*
                    _ => return None,
                })
            }
        }
    };
    syn::parse2::<syn::File>(tokens)
        .map(|f| f.items)
        .map_err(|e| format!("generated text dispatch does not parse: {e}"))
}

/// `T` of a builder setter `fn x<V>(self, value: V) -> Self where V: TryInto<T>`.
fn setter_type(f: &syn::ImplItemFn) -> Option<syn::Type> {
    let predicates = &f.sig.generics.where_clause.as_ref()?.predicates;
    predicates.iter().find_map(|p| {
        let syn::WherePredicate::Type(p) = p else {
            return None;
        };
        p.bounds.iter().find_map(|bound| {
            let syn::TypeParamBound::Trait(t) = bound else {
                return None;
            };
            let last = t.path.segments.last()?;
            if last.ident != "TryInto" {
                return None;
            }
            let syn::PathArguments::AngleBracketed(args) = &last.arguments else {
                return None;
            };
            args.args.iter().find_map(|a| match a {
                syn::GenericArgument::Type(ty) => Some(ty.clone()),
                _ => None,
            })
        })
    })
}

/// One API of the build: its stem (`unit`), its facts, whether it pages, and the hand-written
/// module of `src/apis/<stem>/mod.rs` when there is one.
#[derive(Debug)]
pub struct Enabled {
    pub stem: String,
    pub facts: ApiFacts,
    pub paged: bool,
    pub hand_written: Option<std::path::PathBuf>,
}

/// What an API's module starts with (`OUT_DIR/<stem>_module.rs`): the generated client, its
/// re-exports and its mocks.
pub fn module_file(api: &Enabled) -> String {
    let stem = &api.stem;
    let paged = if api.paged {
        "pub use generated::MAX_PAGE_SIZE;\n"
    } else {
        ""
    };
    format!(
        r#"// @generated by payclients' build.rs from specs/{stem}.yaml: the module's generated part.
#[allow(missing_docs, unused_imports, rustdoc::all, clippy::all)]
pub(crate) mod generated {{
    include!(concat!(env!("OUT_DIR"), "/{stem}.rs"));
}}

pub use generated::{{ByteStream, Client, ClientInfo, ResponseValue, builder, types}};
{paged}
/// progenitor's typed httpmock helpers for this API (feature `mock`), for exact per-test mocks:
/// `use payclients::{stem}::mock::MockServerExt`, then one method per operation on an
/// `httpmock::MockServer`, with typed `when`/`then` builders.
#[cfg(feature = "mock")]
#[allow(
    missing_docs,
    missing_debug_implementations,
    unused_imports,
    rustdoc::all,
    clippy::all
)]
pub mod mock {{
    include!(concat!(env!("OUT_DIR"), "/{stem}_mock.rs"));
}}
"#
    )
}

/// The crate's API modules (`OUT_DIR/modules.rs`, included by `lib.rs`) and the enums that
/// name every enabled API (`OUT_DIR/apis.rs`, included by `error.rs`).
pub fn registry(apis: &[Enabled]) -> (String, String, String) {
    let mut modules =
        String::from("// @generated by payclients' build.rs: one module per enabled API.\n");
    for api in apis {
        let stem = &api.stem;
        match &api.hand_written {
            Some(path) => modules.push_str(&format!(
                "#[path = {:?}]\npub mod {stem};\n",
                path.display().to_string()
            )),
            None => modules.push_str(&format!(
                "#[doc = {:?}]\npub mod {stem} {{\n    include!(concat!(env!(\"OUT_DIR\"), \"/{stem}_module.rs\"));\n}}\n",
                format!(
                    "{}: the client, its builders and types, generated from `specs/{stem}.yaml`.",
                    api.facts.title
                )
            )),
        }
    }
    let names: Vec<syn::Ident> = apis
        .iter()
        .map(|a| format_ident!("{}", a.facts.name))
        .collect();
    let variants: Vec<TokenStream> = apis
        .iter()
        .map(|api| {
            let name = format_ident!("{}", api.facts.name);
            let doc = format!(" {} (`specs/{}.yaml`).", api.facts.title, api.stem);
            quote!(#[doc = #doc] #name)
        })
        .collect();
    let error_variants: Vec<TokenStream> = apis
        .iter()
        .map(|api| {
            let name = format_ident!("{}", api.facts.name);
            let stem = format_ident!("{}", api.stem);
            let ty: TokenStream = api.facts.error_type.parse().expect("a type path");
            let doc = format!(
                " {}'s error body, as its spec declares it.",
                api.facts.title
            );
            quote!(#[doc = #doc] #name(crate::#stem::#ty))
        })
        .collect();
    let descriptors: Vec<TokenStream> = apis
        .iter()
        .map(|api| {
            let name = format_ident!("{}", api.facts.name);
            let stem = format_ident!("{}", api.stem);
            quote!(Api::#name => &crate::#stem::generated::DESCRIPTOR)
        })
        .collect();
    let to_api: Vec<TokenStream> = apis
        .iter()
        .map(|api| {
            let name = format_ident!("{}", api.facts.name);
            quote!(ApiError::#name(ref body) => (Api::#name, ::serde_json::to_value(body).unwrap_or_default()))
        })
        .collect();
    let enums = quote! {
        /// Which API a client talks to: one variant per enabled API, named by its spec
        /// (`info.x-payclients-name`).
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum Api {
            #(#variants,)*
        }

        impl Api {
            /// Every enabled API, in the order of their spec files' names.
            #[allow(dead_code)]
            pub(crate) const ENABLED: &'static [Api] = &[#(Api::#names),*];

            /// What the API's spec declares, for the shared runtime.
            pub(crate) fn descriptor(self) -> &'static crate::descriptor::Descriptor {
                match self {
                    #(#descriptors,)*
                }
            }
        }

        /// The vendor's error body, decoded into the type its spec documents.
        #[derive(Clone, Debug, PartialEq)]
        #[non_exhaustive]
        pub enum ApiError {
            #(#error_variants,)*
        }

        impl ApiError {
            /// The API of this body, and the body as JSON (for its declared summary and id).
            fn as_json(&self) -> (Api, ::serde_json::Value) {
                match *self {
                    #(#to_api,)*
                }
            }
        }
    };
    let file: syn::File = syn::parse2(enums).expect("the API enums parse");
    let clients = any_client(apis);
    (
        modules,
        format!(
            "// @generated by payclients' build.rs: the enabled APIs.\n{}",
            prettyplease::unparse(&file)
        ),
        clients,
    )
}

/// The CLI's `AnyClient` (`OUT_DIR/clients.rs`): one variant per enabled API, built from a
/// client state, dispatching raw calls and text-built requests to the API's typed client.
fn any_client(apis: &[Enabled]) -> String {
    let names: Vec<syn::Ident> = apis
        .iter()
        .map(|a| format_ident!("{}", a.facts.name))
        .collect();
    let stems: Vec<syn::Ident> = apis.iter().map(|a| format_ident!("{}", a.stem)).collect();
    let tokens = quote! {
        /// One API's client, whichever it is.
        pub(crate) enum AnyClient {
            #(#names(crate::#stems::Client),)*
        }

        impl AnyClient {
            /// The client of `api` at `baseurl`, with `http` and `state`.
            pub(crate) fn new(
                api: crate::Api,
                baseurl: &str,
                http: reqwest::Client,
                state: crate::transport::Inner,
            ) -> Self {
                let _ = (baseurl, &http, &state);
                match api {
                    #(crate::Api::#names => AnyClient::#names(
                        crate::#stems::Client::new_with_client(baseurl, http, state),
                    ),)*
                }
            }

            /// A raw call through this client (see `crate::raw`).
            pub(crate) fn raw(&self, method: reqwest::Method, path: &str) -> crate::raw::RawRequest<'_> {
                let _ = (&method, path);
                match *self {
                    #(AnyClient::#names(ref c) => c.raw(method, path),)*
                }
            }

            /// The request of an operation built by its typed builder from text (see the
            /// generated `prepare_from_text`), as a raw call that sends it.
            pub(crate) fn prepared(
                &self,
                operation: &'static str,
                param: &dyn Fn(&str) -> Option<String>,
                body: Option<::serde_json::Value>,
            ) -> Option<Result<crate::raw::RawRequest<'_>, String>> {
                let _ = (operation, &param, &body);
                match *self {
                    #(AnyClient::#names(ref c) => c.prepare_from_text(operation, param, body).map(|r| {
                        r.map(|request| crate::raw::RawRequest::from_request(&c.inner, &c.client, request, operation))
                    }),)*
                }
            }
        }
    };
    let file: syn::File = syn::parse2(tokens).expect("the CLI's client enum parses");
    format!(
        "// @generated by payclients' build.rs: the CLI's client of each enabled API.\n{}",
        prettyplease::unparse(&file)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_names_follow_typify() {
        assert_eq!(field_name("totalCount"), "total_count");
        assert_eq!(field_name("identity"), "identity");
        assert_eq!(field_name("id"), "id");
        assert_eq!(field_name("type"), "type_");
        assert_eq!(field_name("page[limit]"), "page_limit_");
    }

    #[test]
    fn builder_names() {
        assert_eq!(
            builder_name("list_received_payments"),
            "ListReceivedPayments"
        );
    }
}
