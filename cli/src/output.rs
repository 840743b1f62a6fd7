//! Renders a layer comparison or a network table as text, Markdown or JSON.

use sepconv_calc::format::{fewer_or_more, percent, percent2, short_number, thousands};
use sepconv_calc::network::published::{FrameworkFigure, PaperFigure};
use sepconv_calc::network::{
    Convention, Network, NetworkConfig, NetworkId, NetworkInfo, NetworkLayer, Totals,
};
use sepconv_calc::{Bias, Cost, Layer, Padding, Part, Quantity, Ratio, Shape};
use serde_json::{json, Value};

use crate::args::Format;

pub fn shape(s: Shape) -> String {
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
        "{name}: {} of {} = {} of standard ({})",
        thousands(sep),
        thousands(std),
        percent(ratio.to_f64()),
        fewer_or_more(ratio.to_f64())
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

/// Aligned text columns: the first left-aligned, the rest right-aligned. Every
/// row has the first row's number of cells.
pub fn columns<R: AsRef<[String]>>(rows: &[R]) -> String {
    let n = rows.first().map_or(0, |r| r.as_ref().len());
    let widths: Vec<usize> = (0..n)
        .map(|i| {
            rows.iter()
                .map(|r| r.as_ref()[i].chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for row in rows {
        let cells: Vec<String> = row
            .as_ref()
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

/// A Markdown table, the first row its header.
pub fn markdown<R: AsRef<[String]>>(rows: &[R]) -> String {
    let Some((header, body)) = rows.split_first() else {
        return String::new();
    };
    let mut out = format!("| {} |\n", header.as_ref().join(" | "));
    out += &format!("|{}\n", "---|".repeat(header.as_ref().len()));
    for row in body {
        out += &format!("| {} |\n", row.as_ref().join(" | "));
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
        Format::Json => pretty(&layer_json(layer)),
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
            "quantity": s.quantity.id(),
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

/// A table of totals and shares: one row per name.
fn share_rows(
    first: &str,
    rows: impl Iterator<Item = (String, Totals, f64, f64)>,
) -> Vec<[String; 5]> {
    let mut table = vec![[
        first.to_string(),
        "params".to_string(),
        "params %".to_string(),
        "MACs".to_string(),
        "MACs %".to_string(),
    ]];
    table.extend(rows.map(|(name, totals, params_share, macs_share)| {
        [
            name,
            thousands(totals.params),
            percent2(params_share),
            thousands(totals.macs),
            percent2(macs_share),
        ]
    }));
    table
}

fn layer_rows(net: &Network, convention: Convention) -> Vec<[String; 5]> {
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
    rows
}

/// "paper (Tables 4, 6): 569M MACs, 4.2M parameters, 70.6 % top-1".
fn paper_line(p: &PaperFigure) -> String {
    format!(
        "paper ({}): {}M MACs, {}M parameters, {} % top-1",
        p.source, p.million_macs, p.million_params, p.top1
    )
}

/// An accuracy as printed, at least one decimal: "79.0 %", "75.274 %".
fn top1_text(top1: f64) -> String {
    let text = format!("{top1:.3}");
    let trimmed = text.trim_end_matches('0');
    if trimmed.ends_with('.') {
        format!("{trimmed}0 %")
    } else {
        format!("{trimmed} %")
    }
}

/// A framework's figure beside the computed counts.
fn figure_line(f: &FrameworkFigure, net: &Network) -> String {
    let computed = net.totals(f.convention);
    let exact = if computed.params == f.params {
        "exact".to_string()
    } else {
        format!("computed {}", thousands(computed.params))
    };
    let mut line = format!(
        "{} {}: {} parameters ({} convention, {exact})",
        f.framework.name(),
        f.model,
        thousands(f.params),
        f.convention.id()
    );
    if let Some(giga) = f.giga_macs {
        line += &format!(
            ", {giga} GMACs (printed as \"GFLOPS\"; computed {:.3})",
            computed.macs as f64 / 1e9
        );
    }
    if let Some(top1) = f.top1 {
        line += &format!(", {} top-1 ({})", top1_text(top1), f.weights);
    }
    line
}

pub fn network(
    net: &Network,
    config: &NetworkConfig,
    convention: Convention,
    with_layers: bool,
    format: Format,
) -> String {
    if format == Format::Json {
        return pretty(&network_json(net, config, convention));
    }
    let md = format == Format::Markdown;
    let table = |rows: &[[String; 5]]| if md { markdown(rows) } else { columns(rows) };
    let totals = net.totals(convention);
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
    let bullet = if md { "- " } else { "" };
    out += &format!(
        "{bullet}total: {} parameters, {} MACs\n",
        thousands(totals.params),
        thousands(totals.macs)
    );
    if let Some(p) = config.paper() {
        out += &format!("{bullet}{}\n", paper_line(&p));
    }
    for f in config.figures() {
        out += &format!("{bullet}{}\n", figure_line(f, net));
    }
    let kinds = net
        .by_kind(convention)
        .into_iter()
        .map(|k| (k.kind.name(), k.totals, k.params_share, k.macs_share));
    out += &format!("\n{}", table(&share_rows("type", kinds)));
    let categories = net.by_category(convention).into_iter().map(|c| {
        (
            c.category.name().to_string(),
            c.totals,
            c.params_share,
            c.macs_share,
        )
    });
    out += &format!("\n{}", table(&share_rows("category", categories)));
    if with_layers {
        out += &format!("\n{}", table(&layer_rows(net, convention)));
    }
    out
}

pub fn pretty(value: &Value) -> String {
    // Serialising a `Value` cannot fail (its keys are strings); say so if it ever did.
    let text = serde_json::to_string_pretty(value)
        .unwrap_or_else(|e| json!({ "error": e.to_string() }).to_string());
    text + "\n"
}

fn figure_json(f: &FrameworkFigure) -> Value {
    json!({
        "framework": f.framework.name(),
        "model": f.model,
        "weights": f.weights,
        "alpha": f.alpha,
        "resolution": f.resolution,
        "params": f.params,
        "convention": f.convention.id(),
        "giga_macs": f.giga_macs,
        "top1": f.top1,
        "source": f.source,
    })
}

/// One row of a shares table; `key` names what the row is ("type", "category").
fn share_json(
    (key, name): (&str, &str),
    id: &str,
    totals: Totals,
    params_share: f64,
    macs_share: f64,
) -> Value {
    json!({
        key: name,
        "id": id,
        "params": totals.params,
        "macs": totals.macs,
        "params_share": params_share,
        "macs_share": macs_share,
    })
}

fn row_json(l: &NetworkLayer, convention: Convention) -> Value {
    json!({
        "name": l.name,
        "kind": l.kind.name(),
        "kind_id": l.kind.id(),
        "kernel": l.kernel().map(|k| [k.height, k.width]),
        "stride": l.stride,
        "groups": l.groups,
        "input": shape_json(l.input),
        "output": shape_json(l.output),
        "params": l.params(convention),
        "macs": l.macs,
    })
}

/// The framework's figure with the computed counts beside it.
fn checked_figure_json(f: &FrameworkFigure, net: &Network) -> Value {
    let computed = net.totals(f.convention);
    let mut value = figure_json(f);
    value["computed_params"] = json!(computed.params);
    value["params_exact"] = json!(computed.params == f.params);
    value["macs_agree"] = json!(f.macs_agree(computed.macs));
    value
}

fn network_json(net: &Network, config: &NetworkConfig, convention: Convention) -> Value {
    let totals = net.totals(convention);
    let by_type: Vec<Value> = net
        .by_kind(convention)
        .iter()
        .map(|k| {
            let (name, id) = (k.kind.name(), k.kind.id());
            share_json(("type", &name), &id, k.totals, k.params_share, k.macs_share)
        })
        .collect();
    let by_category: Vec<Value> = net
        .by_category(convention)
        .iter()
        .map(|c| {
            let (name, id) = (c.category.name(), c.category.id());
            share_json(
                ("category", name),
                id,
                c.totals,
                c.params_share,
                c.macs_share,
            )
        })
        .collect();
    let mut value = json!({
        "network": net.name,
        "id": config.network.id(),
        "convention": convention.id(),
        "options": {
            "alpha": config.effective_alpha(),
            "resolution": config.effective_resolution(),
            "classes": config.classes,
            "include_top": config.include_top,
        },
        "total": {"params": totals.params, "macs": totals.macs},
        "by_type": by_type,
        "by_category": by_category,
        "layers": net.layers.iter().map(|l| row_json(l, convention)).collect::<Vec<_>>(),
        "framework": config.figures().into_iter().map(|f| checked_figure_json(f, net)).collect::<Vec<_>>(),
    });
    if let Some(p) = config.paper() {
        value["published"] = json!({
            "model": p.model, "top1": p.top1, "million_macs": p.million_macs,
            "million_params": p.million_params, "source": p.source,
        });
    }
    value
}

/// The registry, with each network's counts at its default under its default
/// convention.
pub fn list(format: Format) -> String {
    let entries: Vec<(&NetworkInfo, Option<Totals>)> = NetworkId::ALL
        .iter()
        .map(|id| {
            let info = id.info();
            let net = NetworkConfig::new(*id).build().ok();
            (info, net.map(|n| n.totals(info.convention)))
        })
        .collect();
    if format == Format::Json {
        let list: Vec<Value> = entries
            .iter()
            .map(|(info, totals)| info_json(info, *totals))
            .collect();
        return pretty(&Value::Array(list));
    }
    let mut rows = vec![[
        "name",
        "network",
        "year",
        "family",
        "input",
        "α",
        "params",
        "convention",
        "MACs",
        "top-1",
    ]
    .map(String::from)];
    rows.extend(entries.iter().map(|(info, totals)| {
        let alpha = info.alpha.map_or("–".to_string(), |w| match w.offered {
            Some(offered) => offered
                .iter()
                .map(|a| short_number(*a))
                .collect::<Vec<_>>()
                .join("/"),
            None => format!("≤ {}", short_number(w.max)),
        });
        let top1 = info.figures[0].top1.map_or("–".to_string(), top1_text);
        [
            info.id.id().to_string(),
            info.name.to_string(),
            info.year.to_string(),
            info.family.name().to_string(),
            format!("{0}×{0}", info.resolution),
            alpha,
            totals.map_or("–".to_string(), |t| thousands(t.params)),
            info.convention.id().to_string(),
            totals.map_or("–".to_string(), |t| thousands(t.macs)),
            top1,
        ]
    }));
    match format {
        Format::Markdown => markdown(&rows),
        _ => columns(&rows),
    }
}

fn info_json(info: &NetworkInfo, totals: Option<Totals>) -> Value {
    json!({
        "id": info.id.id(),
        "name": info.name,
        "year": info.year,
        "paper": info.paper,
        "family": info.family.name(),
        "definition": info.definition,
        "resolution": info.resolution,
        "min_resolution": info.min_resolution,
        "alpha": info.alpha.map(|w| json!({
            "default": w.default, "max": w.max, "offered": w.offered, "rule": w.rule,
        })),
        "convention": info.convention.id(),
        "total": totals.map(|t| json!({"params": t.params, "macs": t.macs})),
        "figures": info.figures.iter().map(figure_json).collect::<Vec<_>>(),
    })
}
