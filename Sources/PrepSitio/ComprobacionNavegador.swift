/// The check a reader's own browser makes on "Cómo verificar": with WebCrypto's Ed25519 and
/// SHA-256 it verifies that `SHA256` is signed by the corte's `prep.pub` and that every file it
/// lists hashes to its line, and says "Verificado" or what failed, with the key's fingerprint to
/// compare with the one the institute publishes elsewhere. Served over HTTP it fetches the corte's
/// files beside the page; from `file://`, where browsers refuse to read local files, it says so
/// and points to the commands below. No external resource: the script is in the page.
extension Html {
    mutating func comprobacionEnNavegador(huella: String, clave: String) {
        t("<h3>Verificación en este navegador</h3>\n<div id=\"comprobacion\" class=\"comprobacion\" role=\"status\" aria-live=\"polite\" data-clave=\"")
        e(clave)
        t("\" data-huella=\"")
        e(huella)
        t("\"><p>Comprobando la firma y los archivos del corte…</p></div>\n<noscript><p class=\"aviso\">Sin JavaScript este navegador no puede comprobar la firma: use los comandos de abajo.</p></noscript>\n")
        t(Self.guionComprobacion)
    }

    /// The verification, in plain ES2017 with WebCrypto (Ed25519 in Chromium, Firefox and Safari).
    static let guionComprobacion: StaticString = """
    <script>
    (function () {
      var caja = document.getElementById('comprobacion');
      function decir(clase, titulo, detalle) {
        caja.className = 'comprobacion ' + clase;
        caja.textContent = '';
        var s = document.createElement('strong'); s.textContent = titulo; caja.appendChild(s);
        if (detalle) { var p = document.createElement('p'); p.textContent = detalle; caja.appendChild(p); }
      }
      if (location.protocol === 'file:') {
        decir('sin', 'No se puede comprobar desde un archivo local.',
              'Abierta desde el disco, el navegador no deja a esta página leer los demás archivos del corte. Sírvala desde un servidor web (por ejemplo, python3 -m http.server dentro de la carpeta de la publicación) o use los comandos de abajo.');
        return;
      }
      if (!window.crypto || !crypto.subtle) { decir('sin', 'Este navegador no ofrece WebCrypto.', 'Use los comandos de abajo.'); return; }
      function hex(b) { return Array.prototype.map.call(b, function (x) { return ('0' + x.toString(16)).slice(-2); }).join(''); }
      function b64(s) { var t = atob(s.trim()), u = new Uint8Array(t.length); for (var i = 0; i < t.length; i++) u[i] = t.charCodeAt(i); return u; }
      function iguales(a, b) { if (a.length !== b.length) return false; for (var i = 0; i < a.length; i++) if (a[i] !== b[i]) return false; return true; }
      function traer(ruta) {
        return fetch(ruta, { cache: 'no-store' }).then(function (r) {
          if (!r.ok) throw new Error(ruta + ': no se pudo descargar (' + r.status + ')');
          return r.arrayBuffer();
        }).then(function (a) { return new Uint8Array(a); });
      }
      var clave, firma, mensaje, huella;
      Promise.all([traer(caja.getAttribute('data-clave')), traer('SHA256.sig'), traer('SHA256')]).then(function (x) {
        var pub = b64(new TextDecoder().decode(x[0]).split('\\n')[1]);
        var f = x[1], n1 = f.indexOf(10), n2 = f.indexOf(10, n1 + 1);
        firma = b64(new TextDecoder().decode(f.slice(n1 + 1, n2)));
        mensaje = f.slice(n2 + 1);
        huella = hex(pub.slice(2, 10));
        if (pub.length !== 42 || firma.length !== 74) throw new Error('la clave o la firma no están en el formato de signify');
        if (!iguales(mensaje, x[2])) throw new Error('SHA256 no es la lista que firma SHA256.sig');
        if (!iguales(pub.slice(2, 10), firma.slice(2, 10))) throw new Error('SHA256.sig está firmado con otra clave que ' + caja.getAttribute('data-clave'));
        return crypto.subtle.importKey('raw', pub.slice(10, 42), { name: 'Ed25519' }, false, ['verify']);
      }).then(function (k) {
        return crypto.subtle.verify({ name: 'Ed25519' }, k, firma.slice(10, 74), mensaje);
      }).then(function (valida) {
        if (!valida) throw new Error('la firma de SHA256 no es válida');
        var lineas = new TextDecoder().decode(mensaje).split('\\n').filter(function (l) { return l.length > 0; });
        var hechos = 0;
        return lineas.reduce(function (antes, l) {
          var m = /^SHA256 \\((.*)\\) = ([0-9a-f]{64})$/.exec(l);
          if (!m) throw new Error('línea de SHA256 ilegible: ' + l);
          return antes.then(function () { return traer(m[1]); }).then(function (b) { return crypto.subtle.digest('SHA-256', b); }).then(function (d) {
            if (hex(new Uint8Array(d)) !== m[2]) throw new Error(m[1] + ' no es el archivo que se firmó');
            hechos++;
            if (hechos % 50 === 0) decir('', 'Comprobando…', hechos + ' de ' + lineas.length + ' archivos');
          });
        }, Promise.resolve()).then(function () { return lineas.length; });
      }).then(function (n) {
        var publicada = caja.getAttribute('data-huella');
        decir(huella === publicada ? 'ok' : 'mal', huella === publicada ? 'Verificado' : 'No verificado',
              'La lista SHA256 está firmada con la clave de huella ' + huella + ' y los ' + n + ' archivos que lista son los que se firmaron. Compare esa huella con la que el instituto publica por otros medios.' +
              (huella === publicada ? '' : ' Atención: no es la huella que muestra esta página (' + publicada + ').'));
      }).catch(function (e) {
        decir('mal', 'No verificado', e.message + (huella ? ' (clave de huella ' + huella + ')' : '') + '. Descargue el corte de nuevo del sitio del instituto.');
      });
    })();
    </script>

    """
}
