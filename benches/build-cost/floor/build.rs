// Links progenitor-impl so that cargo builds it, as payclients' build script does.
use progenitor_impl as _;

fn main() {}
