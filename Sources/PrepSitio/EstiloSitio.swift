/// The one shared stylesheet of the site (`estilo.css`): sober, high contrast (text ≥ 7:1 on
/// white), system fonts only, tables that scroll sideways on a phone instead of overflowing.
enum EstiloSitio {
    static let css: StaticString = """
    :root{--tinta:#1a1a1a;--suave:#4a4a4a;--fondo:#fff;--zona:#f3f4f6;--borde:#c9ccd1;--marca:#13294b;--enlace:#0a4a8a}
    *{box-sizing:border-box}
    html{-webkit-text-size-adjust:100%}
    body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;font-size:1rem;line-height:1.45;color:var(--tinta);background:var(--fondo)}
    a{color:var(--enlace)}
    a:focus,[tabindex]:focus{outline:3px solid #c25e00;outline-offset:2px}
    .saltar{position:absolute;left:-9999px}
    .saltar:focus{left:.5rem;top:.5rem;background:#fff;padding:.5rem;z-index:2}
    .simulacro{background:#ffd400;color:#000;border-bottom:4px solid #000;padding:.3rem 1rem;font-size:.95rem;text-align:center}
    .simulacro strong{letter-spacing:.2em;font-size:1.1rem;margin-right:.5rem}
    .caducado{background:#a4001d;color:#fff;padding:.4rem 1rem;font-size:.95rem}
    .caducado a{color:#fff}
    .aviso{background:#fff4ce;color:var(--tinta);border-bottom:1px solid var(--borde);padding:.3rem 1rem}
    header.cabecera{background:var(--marca);color:#fff;padding:.6rem 1rem}
    header.cabecera h1{margin:0 0 .1rem;font-size:1.4rem;line-height:1.2}
    header.cabecera p{margin:0}
    .marca{font-weight:700;letter-spacing:.08em;text-transform:uppercase;font-size:.75rem}
    .vigencia{font-size:.85rem}
    .sinfirma{font-size:.85rem;color:#ffd400}
    nav.secciones{background:var(--zona);border-bottom:1px solid var(--borde);padding:.1rem 1rem;overflow-x:auto}
    nav.secciones ul{list-style:none;margin:0;padding:0;display:flex;gap:.3rem 1.2rem;white-space:nowrap}
    nav.secciones a{display:inline-block;padding:.35rem 0;font-weight:600}
    main{max-width:62rem;margin:0 auto;padding:1rem}
    h2{font-size:1.35rem;margin:1.6rem 0 .6rem;border-bottom:3px solid var(--marca);padding-bottom:.2rem}
    section>h2:first-child{margin-top:.6rem}
    .primera{margin:0 0 .6rem}
    .conteo{margin:.2rem 0 .4rem}
    ol.lideres{list-style:none;margin:0;padding:0}
    ol.lideres li{display:flex;flex-wrap:wrap;justify-content:space-between;gap:0 .8rem;padding:.25rem 0;border-bottom:1px solid var(--borde)}
    ol.lideres li.lider{font-weight:700}
    ol.lideres .quien{flex:1 1 12rem;min-width:0;overflow-wrap:anywhere}
    ol.lideres .cuanto{white-space:nowrap;font-variant-numeric:tabular-nums}
    ol.lideres .barra{flex-basis:100%;margin-top:.15rem;height:.45rem}
    ol.lideres.compacta{font-size:.92rem}
    ol.lideres.compacta li{padding:.1rem 0;line-height:1.3}
    .primero{display:inline-block;background:var(--marca);color:#fff;font-size:.8rem;padding:0 .4rem;border-radius:.2rem;vertical-align:.05rem}
    .mas{margin:.3rem 0 0;font-size:.95rem}
    details.todo{margin:.4rem 0}
    details.todo summary{cursor:pointer;color:var(--enlace);padding:.3rem 0}
    details.todo summary h3{display:inline;margin:0}
    h2 a{text-decoration:none;color:inherit}
    h2 a::after{content:" ›";color:var(--enlace)}
    h3{font-size:1.1rem;margin:1.2rem 0 .5rem}
    .migas{font-size:.9rem;margin:.2rem 0 .8rem}
    dl.avance{display:grid;grid-template-columns:repeat(auto-fit,minmax(11rem,1fr));gap:.6rem;margin:0 0 1rem}
    dl.avance div{background:var(--zona);border:1px solid var(--borde);border-left:5px solid var(--marca);padding:.5rem .7rem}
    dl.avance dt{font-size:.9rem;color:var(--suave)}
    dl.avance dd{margin:0;font-size:1.45rem;font-weight:700;font-variant-numeric:tabular-nums}
    dl.avance .pct{display:block;font-size:1rem;font-weight:600}
    dl.resumen{display:grid;grid-template-columns:minmax(0,1fr) auto;margin:0;border-top:1px solid var(--borde)}
    dl.resumen dt,dl.resumen dd{padding:.3rem .2rem;border-bottom:1px solid var(--borde);margin:0}
    dl.resumen dd{text-align:right;font-variant-numeric:tabular-nums;font-weight:600}
    dl.resumen code{font-size:.75rem;color:var(--suave);display:block}
    .tabla{overflow-x:auto;margin:0 0 1rem;border:1px solid var(--borde)}
    table{border-collapse:collapse;width:100%;font-size:.95rem}
    caption{text-align:left;font-weight:700;padding:.5rem;background:var(--zona)}
    th,td{padding:.4rem .5rem;border-bottom:1px solid var(--borde);text-align:left;vertical-align:top}
    thead th{background:var(--marca);color:#fff;font-weight:600;white-space:nowrap}
    td.num,th.num{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}
    table.votos tbody th{font-weight:600;min-width:11rem}
    .tipo{display:block;font-weight:400;font-size:.85rem;color:var(--suave)}
    .muestra{display:inline-block;width:.9rem;height:.9rem;border:1px solid #000;margin-right:.4rem;vertical-align:-.1rem}
    .barra{display:block;height:.7rem;background:#e4e6ea;margin-top:.3rem}
    .barra span{display:block;height:100%;min-width:1px;border-right:1px solid #000}
    table.actas td,table.actas th{white-space:nowrap}
    .hash{font-family:ui-monospace,"DejaVu Sans Mono",Menlo,Consolas,monospace;font-size:.8rem}
    ul.ambitos{columns:14rem;padding-left:1.2rem}
    ul.ambitos li{margin:.15rem 0}
    .paginas{margin:.5rem 0 1rem}
    .paginas a,.paginas strong{display:inline-block;padding:.2rem .5rem;margin:.1rem;border:1px solid var(--borde)}
    pre{background:#101820;color:#f2f2f2;padding:.8rem;overflow-x:auto;font-size:.9rem}
    .nota{color:var(--suave);font-size:.9rem}
    .comprobacion{border:2px solid var(--borde);padding:.5rem .8rem;margin:.5rem 0 1rem}
    .comprobacion p{margin:.3rem 0 0}
    .comprobacion.ok{border-color:#1b6e20;background:#eaf6eb}
    .comprobacion.mal{border-color:#a4001d;background:#fbe9ec}
    .comprobacion.sin{border-color:#8a6d00;background:#fff4ce}
    form.consulta{display:flex;flex-wrap:wrap;gap:.4rem 1rem;align-items:flex-end;margin:.6rem 0 1rem}
    form.consulta label{display:block;font-weight:600}
    form.consulta label .tipo{display:inline}
    form.consulta input,form.consulta select,form.consulta button{font:inherit;padding:.35rem .5rem;max-width:100%;border:1px solid var(--suave)}
    form.consulta button{background:var(--marca);color:#fff;border-color:var(--marca);cursor:pointer;margin-bottom:1.3rem}
    form.consulta :focus{outline:3px solid #c25e00;outline-offset:2px}
    article.acta{border:1px solid var(--borde);border-left:5px solid var(--marca);padding:.3rem .8rem;margin:.6rem 0}
    article.acta h4{margin:.3rem 0}
    dl.tiempos{display:grid;grid-template-columns:auto minmax(0,1fr);gap:0 .8rem;margin:.3rem 0 .6rem}
    dl.tiempos dd{margin:0;font-variant-numeric:tabular-nums}
    article.acta td.hash{overflow-wrap:anywhere;word-break:break-all;white-space:normal}
    footer{max-width:62rem;margin:2rem auto 0;padding:1rem;border-top:1px solid var(--borde);font-size:.9rem;color:var(--suave)}
    @media (max-width:40rem){header.cabecera h1{font-size:1.15rem}dl.avance dd{font-size:1.25rem}main{padding:.2rem .6rem .6rem}h2{font-size:1.1rem;margin-top:1rem}.largo{display:none}.conteo{font-size:.92rem;margin:.1rem 0 .2rem}section>h2:first-child{margin-top:.3rem}ol.lideres.compacta li:nth-child(n+3){display:none}}
    @media print{.simulacro{border:3px solid #000}nav.secciones,.saltar{display:none}}

    """
}
