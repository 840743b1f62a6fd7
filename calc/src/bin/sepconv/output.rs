//! Renders a layer comparison or a network table as text, Markdown or JSON.

use sepconv_calc::format::{percent, percent2, thousands, times};
use sepconv_calc::network::{published, Convention, Network};
use sepconv_calc::{Bias, Cost, Layer, Padding, Part, Quantity, Ratio, Shape};
use serde_json::{json, Value};

use crate::args::Format;

fn shape(s: Shape) -> String {
    format!("{}×{}×{}", s.height, s.width, s.channels)
}

fn describe(layer: &Layer) -> String {
    let s = layer.spec();
    let padding = match s.padding {
        Padding::Valid => "valid padding".to_string(),
        Padding::Same => "'same' padding".to_string(),
        Padding::Explicit(p) => format!("padding {p}"),
    };
    let bias = match s.bias {
        Bias::None => "no bias",
        Bias::Both => "bias on both steps",
        Bias::PointwiseOnly => "bias after the pointwise step",
    };
    let mut text = format!(
        "{}×{} kernel, {} → {} channels, input {}×{}×{}, output {}, stride {}, {padding}, {bias}",
        s.kernel_height,
        s.kernel_width,
        s.in_channels,
        s.out_channels,
        s.height,
        s.width,
        s.in_channels,
        shape(layer.output()),
        s.stride
    );
    if s.dilation > 1 {
        text += &format!(", dilation {}", s.dilation);
    }
    if s.depth_multiplier > 1 {
        text += &format!(", depth multiplier {}", s.depth_multiplier);
    }
    text
}

fn ratio_line(name: &str, sep: u64, std: u64, ratio: Ratio) -> String {
    format!(
        "{name}: {} of {} = {} of standard ({} fewer)",
        thousands(sep),
        thousands(std),
        percent(ratio.to_f64()),
        times(ratio.times_fewer())
    )
}

fn closed_form_line(layer: &Layer) -> String {
    let s = layer.spec();
    let kk = layer.kernel_area();
    let (dm, open, close) = match s.depth_multiplier {
        1 => (String::new(), "", ""),
        dm => (format!("{dm}·"), "(", ")"),
    };
    format!(
        "closed form {dm}{open}1/N + 1/K²{close} = {dm}{open}1/{} + 1/{kk}{close} = {:.3}; \
         exact for weights and MACs, biases aside",
        s.out_channels,
        layer.closed_form().to_f64()
    )
}

/// Rows of a table: header then cells.
fn cost_rows(layer: &Layer) -> Vec<[String; 5]> {
    let mut rows = vec![[
        "".to_string(),
        "weights".to_string(),
        "biases".to_string(),
        "params".to_string(),
        "MACs".to_string(),
    ]];
    for part in Part::ALL {
        let c = layer.cost(part);
        rows.push([
            part.name().to_string(),
            thousands(c.weights),
            thousands(c.biases),
            thousands(c.params),
            thousands(c.macs),
        ]);
    }
    rows
}

/// Aligned text columns: the first left-aligned, the rest right-aligned.
fn columns<const N: usize>(rows: &[[String; N]]) -> String {
    let widths: Vec<usize> = (0..N)
        .map(|i| rows.iter().map(|r| r[i].chars().count()).max().unwrap_or(0))
        .collect();
    let mut out = String::new();
    for row in rows {
        let cells: Vec<String> = row
            .iter()
            .enumerate()
            .map(|(i, cell)| {
                let pad = " ".repeat(widths[i] - cell.chars().count());
                if i == 0 {
                    format!("{cell}{pad}")
                } else {
                    format!("{pad}{cell}")
                }
            })
            .collect();
        out += cells.join("  ").trim_end();
        out.push('\n');
    }
    out
}

fn markdown<const N: usize>(rows: &[[String; N]]) -> String {
    let mut out = format!("| {} |\n", rows[0].join(" | "));
    out += &format!("|{}\n", "---|".repeat(N));
    for row in &rows[1..] {
        out += &format!("| {} |\n", row.join(" | "));
    }
    out
}

fn derivation_lines(layer: &Layer, quantity: Quantity) -> Vec<(String, String)> {
    layer
        .derivation()
        .into_iter()
        .filter(|s| s.quantity == quantity)
        .map(|s| (s.part.name().to_string(), s.text()))
        .collect()
}

pub fn layer(layer: &Layer, format: Format) -> String {
    let std = layer.standard();
    let sep = layer.separable();
    let params = ratio_line("parameters", sep.params, std.params, layer.params_ratio());
    let macs = ratio_line("MACs", sep.macs, std.macs, layer.macs_ratio());
    match format {
        Format::Json => {
            serde_json::to_string_pretty(&layer_json(layer)).expect("valid JSON") + "\n"
        }
        Format::Text => {
            let mut out = describe(layer) + "\n\n" + &columns(&cost_rows(layer));
            out += &format!("\n{params}\n{macs}\n{}\n", closed_form_line(layer));
            for quantity in [Quantity::Params, Quantity::Macs] {
                out += &format!("\n{}\n", quantity.name());
                for (part, line) in derivation_lines(layer, quantity) {
                    out += &format!("  {part:<10} {line}\n");
                }
            }
            out
        }
        Format::Markdown => {
            let mut out = format!("**{}**\n\n{}", describe(layer), markdown(&cost_rows(layer)));
            out += &format!("\n- {params}\n- {macs}\n- {}\n", closed_form_line(layer));
            for quantity in [Quantity::Params, Quantity::Macs] {
                out += &format!("\n{}:\n\n", quantity.name());
                for (part, line) in derivation_lines(layer, quantity) {
                    out += &format!("- {part}: `{line}`\n");
                }
            }
            out
        }
    }
}

fn cost_json(c: Cost) -> Value {
    json!({"weights": c.weights, "biases": c.biases, "params": c.params, "macs": c.macs})
}

fn shape_json(s: Shape) -> Value {
    json!({"height": s.height, "width": s.width, "channels": s.channels})
}

fn layer_json(layer: &Layer) -> Value {
    let s = layer.spec();
    let a = layer.activations();
    let mut value = json!({
        "layer": {
            "kernel": [s.kernel_height, s.kernel_width],
            "in_channels": s.in_channels,
            "out_channels": s.out_channels,
            "height": s.height,
            "width": s.width,
            "stride": s.stride,
            "padding": match s.padding {
                Padding::Valid => json!("valid"),
                Padding::Same => json!("same"),
                Padding::Explicit(p) => json!(p),
            },
            "dilation": s.dilation,
            "bias": match s.bias { Bias::None => "none", Bias::Both => "both", Bias::PointwiseOnly => "pointwise" },
            "depth_multiplier": s.depth_multiplier,
        },
        "output": shape_json(layer.output()),
        "ratio": {
            "params": layer.params_ratio().to_f64(),
            "macs": layer.macs_ratio().to_f64(),
            "params_exact": layer.params_ratio().to_string(),
            "macs_exact": layer.macs_ratio().to_string(),
        },
        "closed_form": layer.closed_form().to_f64(),
        "closed_form_exact": layer.closed_form().to_string(),
        "activations": {"input": a.input, "intermediate": a.intermediate, "output": a.output},
        "derivation": layer.derivation().iter().map(|s| json!({
            "part": s.part.name(),
            "quantity": match s.quantity { Quantity::Params => "params", Quantity::Macs => "macs" },
            "text": s.text(),
        })).collect::<Vec<_>>(),
    });
    for part in Part::ALL {
        let traffic = layer.traffic(part);
        let mut cost = cost_json(layer.cost(part));
        cost["bytes"] = json!(traffic.bytes);
        cost["macs_per_byte"] = json!(traffic.intensity());
        value[part.name()] = cost;
    }
    value
}

pub fn network(
    net: &Network,
    convention: Convention,
    with_layers: bool,
    format: Format,
    published: Option<published::PaperFigure>,
) -> String {
    let totals = net.totals(convention);
    let kinds = net.by_kind(convention);
    match format {
        Format::Json => {
            let mut value = json!({
                "network": net.name,
                "convention": convention.id(),
                "total": {"params": totals.params, "macs": totals.macs},
                "by_type": kinds.iter().map(|k| json!({
                    "type": k.kind.name(),
                    "params": k.totals.params,
                    "macs": k.totals.macs,
                    "params_share": k.params_share,
                    "macs_share": k.macs_share,
                })).collect::<Vec<_>>(),
                "layers": net.layers.iter().map(|l| json!({
                    "name": l.name,
                    "kind": l.kind.name(),
                    "stride": l.stride,
                    "input": shape_json(l.input),
                    "output": shape_json(l.output),
                    "params": l.params(convention),
                    "macs": l.macs,
                })).collect::<Vec<_>>(),
            });
            if let Some(p) = published {
                value["published"] = json!({
                    "model": p.model, "top1": p.top1, "million_macs": p.million_macs,
                    "million_params": p.million_params, "source": p.source,
                });
            }
            serde_json::to_string_pretty(&value).expect("valid JSON") + "\n"
        }
        Format::Text | Format::Markdown => {
            let md = format == Format::Markdown;
            let table = |rows: &[[String; 5]]| if md { markdown(rows) } else { columns(rows) };
            let mut out = if md {
                format!("**{}**, {} convention\n\n", net.name, convention.id())
            } else {
                format!(
                    "{}, {} convention ({})\n\n",
                    net.name,
                    convention.id(),
                    convention.description()
                )
            };
            out += &format!(
                "total: {} parameters, {} MACs\n",
                thousands(totals.params),
                thousands(totals.macs)
            );
            if let Some(p) = published {
                out += &format!(
                    "paper ({}): {}M MACs, {}M parameters, {} % top-1\n",
                    p.source, p.million_macs, p.million_params, p.top1
                );
            }
            out.push('\n');
            let mut rows = vec![[
                "type".to_string(),
                "params".to_string(),
                "params %".to_string(),
                "MACs".to_string(),
                "MACs %".to_string(),
            ]];
            rows.extend(kinds.iter().map(|k| {
                [
                    k.kind.name().to_string(),
                    thousands(k.totals.params),
                    percent2(k.params_share),
                    thousands(k.totals.macs),
                    percent2(k.macs_share),
                ]
            }));
            out += &table(&rows);
            if with_layers {
                out.push('\n');
                let mut rows = vec![[
                    "layer".to_string(),
                    "type / stride".to_string(),
                    "input → output".to_string(),
                    "params".to_string(),
                    "MACs".to_string(),
                ]];
                rows.extend(net.layers.iter().map(|l| {
                    [
                        l.name.clone(),
                        format!("{} / s{}", l.kind.name(), l.stride),
                        format!("{} → {}", shape(l.input), shape(l.output)),
                        thousands(l.params(convention)),
                        thousands(l.macs),
                    ]
                }));
                out += &table(&rows);
            }
            out
        }
    }
}
