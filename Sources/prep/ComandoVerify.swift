import PrepDominio
import PrepServicio
import PrepPublicacion
import PrepSistema
import PrepSitio

/// `prep verify DIR --key PUB [--previous DIR] [--images DIR]`.
let comandoVerify = Comando(
    nombre: "verify",
    resumen: "check a corte: signature, hashes, images, chain, expiry, summary figures",
    descripcion: """
    Checks the corte folder DIR as any consumer could, and names the first failure:
      - SHA256.sig is a valid signature by PUB of the list in SHA256;
      - every file listed has its hash, and no file is unlisted;
      - manifest.json: seq and time match the folder name; with --previous, seq is the
        previous corte's + 1 and previous_sha256 is the hash of its SHA256 file;
      - every CSV row is well formed, TOTAL_VOTOS_CALCULADO adds up, and the 13 summary
        figures recomputed from the rows equal the preamble;
      - every figure every page of the results site shows (summary, votes, shares, the
        acta tables) equals what the CSVs give, counted again from their rows;
      - every image named in CODIGO_INTEGRIDAD is in the images folder (default
        DIR/../../imagenes) and hashes to its name;
      - when the corte lists the signed captures behind its actas (capturas/actas.csv): every
        published acta's figures are those of two agreeing captures signed by two distinct
        operators of its capturas/operadores.csv (or of the third that decided), or its signed
        sin acta declaration; captures are read from the captures folder (default
        DIR/../../capturas), each checked against its SHA-256 name and signature.
    A corte reduced by retention (keep_cortes; a RETENCION file in it) keeps only its
    SHA256, SHA256.sig, manifest.json and datos/ (each election CSV as NAME.csv.gz or
    inside the corte's zip): it is verified as such — every file it keeps against
    SHA256, each CSV's uncompressed bytes against their signed hash, every figure and
    image as above, the chain with --previous — and the output says it was reduced.
    --previous may name a reduced corte.
    A corte past its 'expires' time passes with a warning on standard error.
    Exit status: 0 verified, 1 failed (the reason on standard error), 2 bad usage.
    """,
    opciones: [
        .posicional("DIR", "the corte folder"),
        .valor("key", "PUB", "the signer's public key (signify format)", obligatoria: true),
        .valor("previous", "DIR", "the corte before it, to check the chain"),
        .valor("images", "DIR", "the images folder (default: DIR/../../imagenes)"),
        .valor("captures", "DIR", "the signed captures folder (default: DIR/../../capturas)"),
    ],
    ejecutar: { args in
        guard let carpeta = args.posicionales.first, let rutaClave = args.valor("key") else {
            avisar("prep verify: missing DIR or --key PUB")
            return 2
        }
        do {
            let clave = try ArchivoClaves.leerPublica(rutaClave)
            let ahora = MarcaTiempo(segundosUnix: Reloj.segundosUnix(), desfaseMinutos: 0)
            let informe = try VerificadorCorte.verificar(carpeta: carpeta, clave: clave, anterior: args.valor("previous"),
                                                         imagenes: args.valor("images"), capturas: args.valor("captures"), ahora: ahora,
                                                         sitio: ComprobadorPaginas())
            for a in informe.avisos { avisar("prep verify: warning: \(a)") }
            if let n = informe.retirados {
                imprimir("\(carpeta): a corte reduced by retention (\(DisposicionCorte.marcaRetencion)): \(n) of its \(informe.archivos) listed files were removed (the site, capturas/*.csv, CSVs kept as .gz or in the zip); what remains is verified below")
            }
            imprimir("\(carpeta): verified (seq \(informe.manifiesto.seq), \(informe.archivos) files, \(informe.filas) rows, \(informe.imagenes) images, \(informe.capturas) signed captures, mode \(informe.manifiesto.modo.rawValue)\(informe.manifiesto.host.map { ", signed on " + $0 } ?? ""))")
            return 0
        } catch {
            if let e = error as? ErrorVerificacion {
                avisar("prep verify: \(carpeta): \(e) (\(e.queHacer))")
            } else {
                avisar("prep verify: \(carpeta): \(error)")
            }
            return 1
        }
    }
)
