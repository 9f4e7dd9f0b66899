/// The first thing a reader sees of an election: how far the count is (actas counted of expected,
/// participation) and who is ahead — the options ordered by votes, the first one marked in words.
/// It repeats figures of the full tables below with the same hooks, so `prep verify` checks it.
extension Html {
    /// One option of the ordered list: a candidacy (its columns' votes) or a vote column.
    struct Opcion {
        let nombre: String
        let detalle: String
        let color: String
        let votos: Int
        let porcentaje: String
        /// `votos-candidatura` or `votos`, and the hook's value.
        let candidatura: Bool
        let gancho: String
        /// Nulos and no registradas: counted and listed, never "ahead".
        let compite: Bool
    }

    /// The options of `r` ordered by votes (ballot order among equals): its candidacies when it has
    /// them, else its vote columns.
    static func opcionesOrdenadas(_ r: ResultadosSitio) -> [Opcion] {
        let opciones: [Opcion]
        if !r.candidaturas.isEmpty {
            opciones = r.candidaturas.map {
                Opcion(nombre: $0.propietaria, detalle: $0.columnas.joined(separator: ", "), color: $0.color, votos: $0.votos,
                       porcentaje: $0.porcentaje, candidatura: true, gancho: $0.columnas.joined(separator: " "), compite: true)
            }
        } else {
            opciones = r.columnas.map {
                Opcion(nombre: $0.nombre, detalle: $0.tipo, color: $0.color, votos: $0.votos, porcentaje: $0.porcentaje,
                       candidatura: false, gancho: $0.id, compite: $0.id != "NULOS" && $0.id != "NO_REGISTRADAS")
            }
        }
        return opciones.enumerated().sorted { ($0.element.votos, -$0.offset) > ($1.element.votos, -$1.offset) }.map(\.element)
    }

    /// The count's progress in one sentence, then the first `maximo` options by votes (all when
    /// nil) with the leader marked; `mas` links to the rest.
    mutating func primeraPantalla(_ r: ResultadosSitio, maximo: Int? = nil, mas: String? = nil) {
        t("<div class=\"primera\">\n<p class=\"conteo\"><strong>")
        cifraSola(r.resumen, "ACTAS_CONTABILIZADAS")
        t("</strong> de ")
        cifraSola(r.resumen, "ACTAS_ESPERADAS")
        t(" actas contabilizadas (")
        cifraSola(r.resumen, "PORCENTAJE_ACTAS_CONTABILIZADAS")
        t(") · Participación <strong>")
        cifraSola(r.resumen, "PORCENTAJE_PARTICIPACION_CIUDADANA")
        t("</strong></p>\n")
        let todas = Self.opcionesOrdenadas(r)
        let maxima = todas.filter(\.compite).map(\.votos).max() ?? 0
        let primeras = todas.filter { $0.compite && $0.votos == maxima }.count
        // A short list names the contenders only; nulos and no registradas are in the full one.
        let vistas = maximo.map { Array(todas.filter(\.compite).prefix($0)) } ?? todas
        let total = r.columnas.reduce(0) { $0 + $1.votos }
        // The overview's short lists go without bars: three elections fit on a phone's first screen.
        t(maximo == nil ? "<ol class=\"lideres\">\n" : "<ol class=\"lideres compacta\">\n")
        for o in vistas {
            t(o.compite && maxima > 0 && o.votos == maxima ? "<li class=\"lider\">" : "<li>")
            t("<span class=\"quien\"><span class=\"muestra\" style=\"background:")
            color(o.color)
            t("\" aria-hidden=\"true\"></span>")
            e(o.nombre)
            if o.compite, maxima > 0, o.votos == maxima {
                t(primeras > 1 ? " <strong class=\"primero\">Empate en primer lugar</strong>" : " <strong class=\"primero\">Primer lugar</strong>")
            }
            t("</span><span class=\"cuanto\"><span data-")
            t(o.candidatura ? "votos-candidatura" : "votos")
            t("=\"")
            e(o.gancho)
            t("\">")
            n(o.votos)
            t(maximo == nil ? "</span> votos · <span data-" : "</span> · <span data-")
            t(o.candidatura ? "porcentaje-candidatura" : "porcentaje")
            t("=\"")
            e(o.gancho)
            t("\">")
            e(o.porcentaje)
            t("</span>%</span>")
            if maximo == nil { barra(o.votos, de: total, color: o.color) }
            t("</li>\n")
        }
        t("</ol>\n")
        if let mas, vistas.count < todas.count {
            t("<p class=\"mas\"><a href=\"")
            e(mas)
            t("\">Las ")
            d(todas.count)
            t(" opciones, con el detalle del conteo</a></p>\n")
        }
        t("</div>\n")
    }

    /// One summary figure with its hook, `%` after a percentage.
    private mutating func cifraSola(_ r: [CifraResumen], _ campo: String) {
        if let c = r.first(where: { $0.campo == campo }) { cifra(c) }
    }
}
