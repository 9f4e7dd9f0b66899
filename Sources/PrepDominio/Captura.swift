/// One figure of an acta as captured: a whole number ≥ 0, `ilegible` or `sin dato` (SPEC §5).
public enum Cifra: Hashable, Sendable {
    case votos(Int)
    case ilegible
    case sinDato

    /// What the figure counts for in sums: ilegible and sin dato count as 0 (Anexo 13).
    public var valor: Int {
        if case .votos(let n) = self { return n }
        return 0
    }

    /// As published in the CSV: the number, `Ilegible` or `Sin dato`.
    public var textoPublicado: String {
        switch self {
        case .votos(let n): String(n)
        case .ilegible: "Ilegible"
        case .sinDato: "Sin dato"
        }
    }
}

/// The five control totals of an acta, in CSV order.
public enum Total: String, CaseIterable, Hashable, Sendable {
    case boletasSobrantes = "boletas_sobrantes"
    case personasVotaron = "personas_votaron"
    case representantesVotaron = "representantes_votaron"
    case votosSacados = "votos_sacados"
    case totalAsentado = "total_asentado"

    /// Hashes the case, not its raw text: a capture's five totals are hashed for every capture.
    public func hash(into h: inout Hasher) {
        switch self {
        case .boletasSobrantes: h.combine(0 as UInt8)
        case .personasVotaron: h.combine(1 as UInt8)
        case .representantesVotaron: h.combine(2 as UInt8)
        case .votosSacados: h.combine(3 as UInt8)
        case .totalAsentado: h.combine(4 as UInt8)
        }
    }
}

/// Which copy of the acta a capture was typed from, when it was not the Acta PREP (leeme
/// TIPO_DOCUMENTO): the capture JSON's optional `tipo_documento`, spelled as the leeme spells it.
public enum TipoDocumento: String, Hashable, Sendable, CaseIterable {
    case actaPrep = "ACTA PREP"
    /// A copy of the AEC held by a party's representatives.
    case representantes = "RPP"
    /// A copy obtained from the council.
    case consejo = "CC"
    /// A representatives' copy obtained from the council.
    case representantesConsejo = "PPC"
}

/// One validated capture of an acta by one operator (SPEC §5).
public struct Captura: Hashable, Sendable {
    public let acta: ClaveActa
    public let operador: String
    public let capturada: MarcaTiempo?
    public let acopio: MarcaTiempo?
    /// Every `Total` the acta shows (all five but on a mesa's or an urna electrónica's acta).
    public let totales: [Total: Cifra]
    /// Every vote column of the acta, NO_REGISTRADAS and NULOS included, keyed by column id.
    public let votos: [String: Cifra]
    /// The copy the figures were typed from; nil: the Acta PREP (every capture written before the field).
    public let documento: TipoDocumento?

    public init(acta: ClaveActa, operador: String, capturada: MarcaTiempo?, acopio: MarcaTiempo?,
                totales: [Total: Cifra], votos: [String: Cifra], documento: TipoDocumento? = nil) {
        self.acta = acta
        self.operador = operador
        self.capturada = capturada
        self.acopio = acopio
        self.totales = totales
        self.votos = votos
        self.documento = documento
    }

    /// The totals an acta of `casilla` must show in a capture: all five, except on a mesa's (M, A,
    /// P) or an urna electrónica's acta, which has no section for any but TOTAL_VOTOS_ASENTADO
    /// (leeme: those fields are N/A unless the acta has them, so the capture may give them or not).
    public static func totalesExigidos(_ casilla: Casilla?) -> [Total] {
        guard let c = casilla, c.esMesa || c.urnaElectronica else { return Total.allCases }
        return [.totalAsentado]
    }

    /// Same figures (totals and votes), whoever captured them and whenever.
    public func mismasCifras(que otra: Captura) -> Bool {
        totales == otra.totales && votos == otra.votos
    }
}

/// The three causes of *sin acta* (Anexo 13).
public enum CausaSinActa: String, CaseIterable, Hashable, Sendable {
    case paqueteNoEntregado = "paquete no entregado"
    case casillaNoInstalada = "casilla no instalada"
    case paqueteSinSobre = "paquete entregado sin sobre"
}

/// A validated `KEY.sinacta.json`: the acta did not arrive.
public struct DeclaracionSinActa: Hashable, Sendable {
    public let acta: ClaveActa
    public let operador: String
    public let causa: CausaSinActa

    public init(acta: ClaveActa, operador: String, causa: CausaSinActa) {
        self.acta = acta
        self.operador = operador
        self.causa = causa
    }
}

/// Where an image came from (SPEC §4): ORIGEN and DIGITALIZACION of the CSV.
public enum OrigenImagen: String, Hashable, Sendable {
    /// PREP Casilla app photo: ORIGEN `CASILLA`, DIGITALIZACION `Móvil`.
    case casilla = "CASILLA"
    /// CATD scanner: ORIGEN `CATD`, DIGITALIZACION `Escáner`.
    case catd = "CATD"

    public var digitalizacion: String { self == .casilla ? "Móvil" : "Escáner" }
}

/// The published image of an acta: content-addressed by SHA-256 (CODIGO_INTEGRIDAD).
public struct ImagenActa: Hashable, Sendable {
    /// SHA-256 of the file's bytes.
    public let sha256: HuellaSHA256
    /// Lowercase extension without the dot: jpg, jpeg, png, tif, tiff, pdf.
    public let extension_: String
    public let origen: OrigenImagen

    public init(sha256: HuellaSHA256, extension_: String, origen: OrigenImagen) {
        self.sha256 = sha256
        self.extension_ = extension_
        self.origen = origen
    }

    /// Its name under `publish/imagenes/`.
    public var nombrePublicado: String { "\(sha256).\(extension_)" }
}

/// An acta whose figures are final (verified): what a corte publishes for it.
public struct ActaVerificada: Hashable, Sendable {
    public enum Contenido: Hashable, Sendable {
        /// The final figures: two agreeing captures or the third capture's.
        case captura(Captura)
        case sinActa(CausaSinActa)
    }

    public let clave: ClaveActa
    public let contenido: Contenido
    /// The image the figures were captured from; nil for sin acta.
    public let imagen: ImagenActa?
    public let acopio: MarcaTiempo?
    public let captura: MarcaTiempo?
    public let verificacion: MarcaTiempo

    public init(clave: ClaveActa, contenido: Contenido, imagen: ImagenActa?, acopio: MarcaTiempo?,
                captura: MarcaTiempo?, verificacion: MarcaTiempo) {
        self.clave = clave
        self.contenido = contenido
        self.imagen = imagen
        self.acopio = acopio
        self.captura = captura
        self.verificacion = verificacion
    }
}
