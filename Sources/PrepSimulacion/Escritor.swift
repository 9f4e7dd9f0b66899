import Dispatch
import Foundation
import PrepDominio
import PrepSistema

/// How fast and how the writers play the night.
public struct OpcionesEscritura: Sendable {
    /// The whole night compressed into this many seconds; nil: no schedule (as fast as allowed).
    public var duracion: Double? = nil
    /// At most this many drops per second; nil: no cap.
    public var ritmo: Double? = nil
    /// Writers working at once (each drop is one writer's job).
    public var escritores = 16
    /// An in-place write: this many chunks, with this pause between them (keep the total well
    /// under the daemon's `settle`, or it would take a half-written file, as it should).
    public var trozos = 4
    public var pausa = 0.02
    /// UTC offset of the `capturada` times stamped on captures.
    public var desfaseMinutos = -360

    public init() {}
}

/// What the writers did.
public struct ResultadoEscritura: Sendable {
    public let entregas: Int
    public let bytes: Int
    public let segundos: Double
}

/// An error while playing the night: which file, and the system's reason.
public struct ErrorSimulacion: Error, CustomStringConvertible, Sendable {
    public let mensaje: String
    public init(_ mensaje: String) { self.mensaje = mensaje }
    public var description: String { mensaje }
}

/// Plays a `PlanNoche` into a spool's `incoming/` as the real writers do: scanners, the PREP
/// Casilla receiver and capture stations, several at once, each with its habits (temp name +
/// rename, or a slow write in place).
public struct Escritor: Sendable {
    public let raiz: String
    public let plan: PlanNoche
    public let opciones: OpcionesEscritura
    /// The operators' keys: each capture and sin acta declaration is dropped with its `.sig`
    /// (written first, by rename, as a station that signs before it sends); nil: unsigned.
    public var firmas: FirmasSimuladas?

    public init(raiz: String, plan: PlanNoche, opciones: OpcionesEscritura) {
        self.raiz = raiz
        self.plan = plan
        self.opciones = opciones
    }

    public var incoming: String { raiz + "/incoming" }

    /// Creates `incoming/` and every first-level folder the night uses (the CATDs' and the
    /// app receiver's folders exist before election night).
    public func prepararCarpetas() throws(ErrorSistema) {
        try Directorio.actual.crearCarpetas(NombreArchivo(incoming))
        for carpeta in Set(plan.entregas.map(\.carpeta)) where !carpeta.isEmpty {
            try Directorio.actual.crearCarpetas(NombreArchivo(incoming + "/" + carpeta))
        }
    }

    /// Plays every drop; `progreso(hechas, total)` is called from this thread as drops complete
    /// (at most ten times a second, and once at the end).
    public func ejecutar(progreso: ((Int, Int) -> Void)? = nil) throws -> ResultadoEscritura {
        try prepararCarpetas()
        let estado = EstadoEscritura()
        let cola = DispatchQueue(label: "prep.simulacion.escritores", attributes: .concurrent)
        let cupo = DispatchSemaphore(value: max(1, opciones.escritores))
        let grupo = DispatchGroup()
        let inicio = Reloj.monotonoSegundos()
        var siguienteLibre = inicio
        var ultimoAviso = 0.0
        let total = plan.entregas.count
        for (indice, e) in plan.entregas.enumerated() {
            if estado.error != nil { break }
            // When this drop is due: its moment in the compressed night, no sooner than the cap allows.
            var debida = inicio + (opciones.duracion.map { $0 * e.instante } ?? 0)
            if let ritmo = opciones.ritmo, ritmo > 0 {
                debida = max(debida, siguienteLibre)
                siguienteLibre = debida + 1 / ritmo
            }
            let espera = debida - Reloj.monotonoSegundos()
            Reloj.dormir(segundos: espera)
            cupo.wait()
            grupo.enter()
            cola.async { [self] in
                defer {
                    cupo.signal()
                    grupo.leave()
                }
                do {
                    let n = try escribir(e, indice: indice)
                    estado.hecha(bytes: n)
                } catch {
                    estado.fallo("\(error)")
                }
            }
            if let progreso, Reloj.monotonoSegundos() - ultimoAviso >= 0.1 {
                ultimoAviso = Reloj.monotonoSegundos()
                progreso(estado.hechas, total)
            }
        }
        grupo.wait()
        progreso?(estado.hechas, total)
        if let error = estado.error { throw ErrorSimulacion("simulate: " + error) }
        return ResultadoEscritura(entregas: estado.hechas, bytes: estado.bytes, segundos: Reloj.monotonoSegundos() - inicio)
    }

    /// Writes `bytes` to a new (or truncated) file in `trozos` pieces, pausing `pausa` seconds
    /// between pieces: a slow writer writing in place.
    static func escribir(_ ruta: String, _ bytes: [UInt8], trozos: Int = 1, pausa: Double = 0) throws(ErrorSistema) {
        let fd = try FileDescriptor.cwd.abrir(ruta, [.soloEscritura, .crear, .truncar])
        try fd.cerrarDespues(ruta: ruta) { fd throws(ErrorSistema) in
            let n = max(1, min(trozos, bytes.count))
            let tam = (bytes.count + n - 1) / n
            var i = 0
            while i < bytes.count {
                if i > 0 { Reloj.dormir(segundos: pausa) }
                let fin = min(bytes.count, i + tam)
                do throws(Errno) { try fd.escribirTodo(Array(bytes[i..<fin])) } catch { throw ErrorSistema("write", ruta, error) }
                i = fin
            }
        }
    }

    /// Writes one drop the way its writer does; returns its size.
    func escribir(_ e: Entrega, indice: Int) throws(ErrorSistema) -> Int {
        // Capture stations stamp `capturada` with their clock; a night played outside the
        // catálogo's process window (the 2024 sample replayed today) leaves it out, as the daemon
        // refuses such times, and the daemon stamps the time it took the capture instead.
        let ahora = MarcaTiempo(segundosUnix: Reloj.segundosUnix(), desfaseMinutos: opciones.desfaseMinutos)
        let bytes = plan.bytes(de: e, ahora: plan.catalogo.proceso.ventanaTiempos.contains(ahora.segundosUnix) ? ahora : nil)
        let carpeta = e.carpeta.isEmpty ? incoming : incoming + "/" + e.carpeta
        let final = carpeta + "/" + e.nombre
        if let firmas, let operador = plan.firmante(de: e) {
            let firma: [UInt8]?
            do { firma = try firmas.firma(bytes, operador: operador) } catch { throw ErrorSistema("sign", final, .io) }
            if let firma {
                let temporal = carpeta + "/." + e.nombre + ".sig." + Self.sufijo(indice)
                try Self.escribir(temporal, firma)
                try Directorio.actual.renombrar(NombreArchivo(temporal), a: .actual, NombreArchivo(final + ".sig"), modo: .reemplazando)
            }
        }
        switch e.modo {
        case .enSitio:
            try Self.escribir(final, bytes, trozos: opciones.trozos, pausa: opciones.pausa)
        case .renombrarParte:
            let temporal = final + ".part"
            try Self.escribir(temporal, bytes)
            try Directorio.actual.renombrar(NombreArchivo(temporal), a: .actual, NombreArchivo(final), modo: .reemplazando)
        case .renombrarOculto:
            let temporal = carpeta + "/." + e.nombre + "." + Self.sufijo(indice)
            try Self.escribir(temporal, bytes)
            try Directorio.actual.renombrar(NombreArchivo(temporal), a: .actual, NombreArchivo(final), modo: .reemplazando)
        }
        return bytes.count
    }

    /// rsync-style six-character temp suffix, from the drop's index.
    static func sufijo(_ i: Int) -> String {
        let letras = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
        var azar = Azar(semilla: UInt64(truncatingIfNeeded: i))
        var x = azar.next()
        var s = ""
        for _ in 0..<6 {
            s.append(letras[Int(x % UInt64(letras.count))])
            x /= UInt64(letras.count)
        }
        return s
    }
}

/// Counters shared by the writer threads.
private final class EstadoEscritura: @unchecked Sendable {
    private let cerrojo = NSLock()
    private var _hechas = 0, _bytes = 0
    private var _error: String?

    var hechas: Int { cerrojo.withLock { _hechas } }
    var bytes: Int { cerrojo.withLock { _bytes } }
    var error: String? { cerrojo.withLock { _error } }

    func hecha(bytes n: Int) {
        cerrojo.withLock {
            _hechas += 1
            _bytes += n
        }
    }

    func fallo(_ mensaje: String) {
        cerrojo.withLock { if _error == nil { _error = mensaje } }
    }
}

/// Writes `texto` to the file `ruta`, replacing it atomically.
public func escribirTexto(_ ruta: String, _ texto: String) throws {
    do { try Directorio.actual.escribirAtomico(NombreArchivo(ruta), Array(texto.utf8)) } catch {
        throw ErrorSimulacion("cannot write \(ruta): \(error.errno)")
    }
}
