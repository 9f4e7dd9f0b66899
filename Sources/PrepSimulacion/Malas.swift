import PrepDominio

extension PlanNoche {
    /// `cuantas` bad drops spread over the night, every `MotivoMala` in turn. They name actas
    /// that are played (so a daemon that checks a capture only when pairing it still meets
    /// them), under names no good drop uses, so they never overwrite one.
    static func malas(cuantas: Int, plan actas: [ActaSimulada], catalogo: Catalogo,
                      azar: inout Azar) -> ([Entrega], [[UInt8]]) {
        // Catálogo actas only: a fuera-de-catálogo capture may leave columns out (no catálogo says which apply).
        let capturadas = actas.filter { $0.destino == .captura && $0.verdad != nil && $0.esperada != nil }
        guard cuantas > 0, !capturadas.isEmpty else { return ([], []) }
        var entregas: [Entrega] = []
        var contenidos: [[UInt8]] = []
        var usadas = Set<String>()
        for k in 0..<cuantas {
            let motivo = MotivoMala.allCases[k % MotivoMala.allCases.count]
            guard let a = capturadas.randomElement(using: &azar), let verdad = a.verdad,
                  let otra = capturadas.randomElement(using: &azar) else { continue }
            let clave = a.clave.texto
            let nn = dosDigitos(a.distrito)
            let op = "mal" + tresDigitos(k % 1000)
            var carpeta = "captura-" + nn
            var nombre = clave + ".captura." + op + ".json"
            var bytes: [UInt8]
            var modo = ModoEscritura.renombrarParte
            switch motivo {
            case .nombreDesconocido:
                carpeta = ["", "catd-" + nn, "casilla-" + nn][k % 3]
                nombre = ["IMG_2024060221\(tresDigitos(k % 1000)).jpg", "notas-\(k).txt", "acta \(clave).jpg",
                          "\(clave).captura.json", "\(clave)-\(k).png"][(k / 12) % 5]
                bytes = Contenido.foto(a.clave)
            case .operadorInvalido:
                nombre = clave + ".captura.CAP" + tresDigitos(k % 1000) + ".json"
                bytes = Contenido.captura(a.clave, operador: "CAP" + tresDigitos(k % 1000), cifras: verdad, capturada: nil)
            case .jsonRoto:
                let entero = Contenido.captura(a.clave, operador: op, cifras: verdad, capturada: nil)
                bytes = Array(entero.prefix(entero.count / 2))
            case .actaEquivocada:
                bytes = Contenido.captura(otra.clave.texto == clave ? a.clave : otra.clave, operador: op, cifras: verdad, capturada: nil)
                if otra.clave.texto == clave { bytes = Array("{\"version\":1,\"acta\":\"000000X0000-XX\"}".utf8) }
            case .operadorDistinto:
                bytes = Contenido.captura(a.clave, operador: "otro" + tresDigitos(k % 1000), cifras: verdad, capturada: nil)
            case .columnaFaltante:
                var c = verdad
                c = CifrasActa(totales: c.totales, columnas: Array(c.columnas.dropFirst()), votos: Array(c.votos.dropFirst()))
                bytes = Contenido.captura(a.clave, operador: op, cifras: c, capturada: nil)
            case .columnaDesconocida:
                let c = CifrasActa(totales: verdad.totales, columnas: verdad.columnas + ["PARTIDO_X"], votos: verdad.votos + [.votos(3)])
                bytes = Contenido.captura(a.clave, operador: op, cifras: c, capturada: nil)
            case .cifraNegativa:
                var votos = verdad.votos.map(Contenido.json)
                votos[0] = "-5"
                bytes = Contenido.capturaCruda(clave, operador: op, totales: verdad.totales.map { $0.map(Contenido.json) },
                                               columnas: verdad.columnas, votos: votos, capturada: nil)
            case .noEsImagen:
                carpeta = "catd-" + nn
                nombre = clave + ".tif"
                bytes = Array("this is not a TIFF: the scanner wrote its log here\n".utf8)
            case .vacio:
                carpeta = "catd-" + nn
                nombre = clave + ".pdf"
                bytes = []
            case .causaDesconocida:
                carpeta = ""
                nombre = clave + ".sinacta.json"
                bytes = Contenido.sinActa(a.clave, operador: op, causa: "se lo llevó el viento")
            case .temporalAbandonado:
                carpeta = "casilla-" + nn
                nombre = "." + clave + ".jpg." + tresDigitos(k % 1000) + "tmp"
                let foto = Contenido.foto(a.clave)
                bytes = Array(foto.prefix(foto.count / 3))
                modo = .enSitio
            }
            let ruta = carpeta + "/" + nombre
            if usadas.contains(ruta) { continue }
            usadas.insert(ruta)
            entregas.append(Entrega(carpeta: carpeta, nombre: nombre, instante: azar.uniforme(), modo: modo,
                                    tipo: .mala(motivo, contenidos.count)))
            contenidos.append(bytes)
        }
        return (entregas, contenidos)
    }
}

