//! `x-payclients-paging`: the declaration, checked against the response, and the generated
//! `stream()` methods, paging statics and descriptor entries.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use serde_json::Value;

use super::*;

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
pub(super) fn paged_entries(pagings: &[Paging]) -> Vec<TokenStream> {
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
            pub fn stream(self) -> crate::pagination::Paginator<'static, #item> {
                let (client, request) = self.into_request();
                #(#structs)*
                crate::pagination::declared::stream(
                    &super::#static_name,
                    #operation,
                    #key,
                    &client.inner,
                    &client.client,
                    request,
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
