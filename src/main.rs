//! Installs the panic hook and mounts the app; everything else is in the library.

fn main() {
    sepconv_web::panic::install();
    leptos::mount::mount_to_body(sepconv_web::App);
}
