/// "Consulta tu casilla" (`consulta.html`): a form that asks for a sección (the entidad too when
/// the catálogo has several) and optionally a casilla, and shows each acta of those casillas
/// from the lookup file of its sección (`IndiceConsulta`): estado, every figure as the CSV prints
/// it, the image, the times, and the registered operators whose signed captures it comes from
/// (only when `capturas/actas.csv` names them). The form is a plain GET to the page itself, so a lookup is an
/// address (`consulta.html?seccion=101&casilla=C1`) that can be shared; the script reads it,
/// loads the one lookup file as a `<script>` (works from `file://` and any web server; the
/// elections' columns come first, from `consulta/elecciones.js`) and builds the answer with DOM
/// text nodes only. Without script the page says where the same rows are:
/// the ámbito tables list every acta.
extension MaquetadorSitio {
    func consulta(_ m: ModeloSitio) -> [UInt8] {
        var h = Html(capacidad: 16_384)
        h.inicio(m, titulo: "Consulta tu casilla", prefijo: "")
        h.t("<h2>Consulta tu casilla</h2>\n<p>Escriba el número de su sección (está en su credencial para votar) y, si la conoce, su casilla: por ejemplo <code>B1</code> para la básica o <code>C2</code> para la contigua 2. Verá cada acta de esa casilla como la publica la base de datos de este corte.</p>\n")
        h.t("<noscript><p class=\"aviso\">Esta búsqueda necesita JavaScript. Sin él, el estado, la imagen y el código de integridad de cada acta están en las tablas de actas que enlaza la página de cada elección:")
        for (i, el) in m.elecciones.enumerated() {
            h.t(i == 0 ? " <a href=\"resultados/" : ", <a href=\"resultados/")
            h.e(Self.nombreArchivo(el.codigo))
            h.t(".html\">")
            h.e(Self.nombreVisible(el.nombre))
            h.t("</a>")
        }
        h.t(". Todas las cifras de cada acta están en la base de datos (CSV) de <a href=\"index.html#descargas\">Descargas</a>.</p></noscript>\n")
        h.t("<form id=\"consulta\" class=\"consulta\" action=\"consulta.html\" method=\"get\" hidden>\n")
        if m.entidades.count > 1 {
            h.t("<div><label for=\"entidad\">Entidad</label>\n<select id=\"entidad\" name=\"entidad\">\n")
            for e in m.entidades {
                h.t("<option value=\"")
                h.d(e)
                h.t("\">Entidad ")
                h.d(e, ancho: 2)
                h.t("</option>\n")
            }
            h.t("</select></div>\n")
        } else {
            h.t("<input type=\"hidden\" id=\"entidad\" name=\"entidad\" value=\"")
            h.d(m.entidades.first ?? 0)
            h.t("\">\n")
        }
        h.t("<div><label for=\"seccion\">Sección</label>\n<input id=\"seccion\" name=\"seccion\" inputmode=\"numeric\" pattern=\"[0-9]{1,4}\" maxlength=\"4\" required autocomplete=\"off\" aria-describedby=\"ayuda-seccion\">\n<span id=\"ayuda-seccion\" class=\"tipo\">De 1 a 4 cifras.</span></div>\n")
        h.t("<div><label for=\"casilla\">Casilla <span class=\"tipo\">(opcional)</span></label>\n<input id=\"casilla\" name=\"casilla\" maxlength=\"11\" autocomplete=\"off\" aria-describedby=\"ayuda-casilla\">\n<span id=\"ayuda-casilla\" class=\"tipo\">Por ejemplo B1, C2 o E1C1.</span></div>\n")
        h.t("<div><button type=\"submit\">Consultar</button></div>\n</form>\n")
        h.t("<div id=\"respuesta\" class=\"respuesta\" role=\"status\" aria-live=\"polite\" data-secciones=\"")
        h.d(IndiceConsulta.seccionesPorArchivo)
        h.t("\"></div>\n<p class=\"nota\">Las cifras son las de las columnas del CSV de cada elección, con sus nombres; la imagen de cada acta tiene por nombre su código de integridad.</p>\n")
        // The elections' columns first (one small file, the same for every lookup), then the lookup.
        h.t("<script>var eleccionesConsulta = {};\nfunction prepConsultaElecciones(d) { d.elecciones.forEach(function (e) { eleccionesConsulta[e.codigo] = e; }); }</script>\n<script src=\"")
        h.e(IndiceConsulta.archivoElecciones)
        h.t("\"></script>\n")
        h.t(Self.guionConsulta)
        h.fin(m)
        return h.bytes
    }

    /// The lookup, in plain ES5: reads the address, loads the sección's file, writes the answer.
    static let guionConsulta: StaticString = """
    <script>
    (function () {
      var forma = document.getElementById('consulta'), caja = document.getElementById('respuesta');
      var porArchivo = parseInt(caja.getAttribute('data-secciones'), 10);
      forma.hidden = false;
      function el(nombre, clase, texto) {
        var e = document.createElement(nombre);
        if (clase) e.className = clase;
        if (texto !== undefined) e.textContent = texto;
        return e;
      }
      function decir(texto) { caja.textContent = ''; caja.appendChild(el('p', 'aviso', texto)); }
      function ceros(n, w) { var s = String(n); while (s.length < w) s = '0' + s; return s; }
      var q = {};
      location.search.replace(/^\\?/, '').split('&').forEach(function (par) {
        var i = par.indexOf('=');
        if (i > 0) q[decodeURIComponent(par.slice(0, i))] = decodeURIComponent(par.slice(i + 1).replace(/\\+/g, ' '));
      });
      if (q.seccion === undefined) return;
      var entidad = document.getElementById('entidad');
      if (q.entidad !== undefined && entidad.tagName === 'SELECT') entidad.value = q.entidad;
      document.getElementById('seccion').value = q.seccion;
      document.getElementById('casilla').value = q.casilla || '';
      var seccionTexto = q.seccion.trim(), casillaTexto = (q.casilla || '').replace(/\\s+/g, '').toUpperCase();
      if (!/^[0-9]{1,4}$/.test(seccionTexto)) { decir('La sección es un número de 1 a 4 cifras; «' + q.seccion + '» no lo es.'); return; }
      var ent = parseInt(entidad.value, 10), seccion = parseInt(seccionTexto, 10);
      var filtro = null;
      if (casillaTexto) {
        var k = /^[0-9]{6}([A-Z])([0-9]{2})([0-9]{2})$/.exec(casillaTexto) || /^([A-Z])0*([0-9]*)(?:[A-Z]0*([0-9]+))?$/.exec(casillaTexto);
        if (!k) { decir('No se entiende la casilla «' + q.casilla + '»: escriba, por ejemplo, B1 o C2.'); return; }
        filtro = { tipo: k[1], id: k[2] ? parseInt(k[2], 10) : null, ext: k[3] ? parseInt(k[3], 10) : null };
      }
      var nombres = { B: 'Básica', C: 'Contigua', E: 'Extraordinaria', S: 'Especial' };
      function nombreCasilla(c) {
        var t = c.charAt(6), id = parseInt(c.slice(7, 9), 10), ext = parseInt(c.slice(9, 11), 10);
        return (nombres[t] || 'Tipo ' + t) + ' ' + id + (ext > 0 ? ' contigua ' + ext : '');
      }
      function coincide(c) {
        if (parseInt(c.slice(2, 6), 10) !== seccion) return false;
        if (!filtro) return true;
        return c.charAt(6) === filtro.tipo && (filtro.id === null || parseInt(c.slice(7, 9), 10) === filtro.id)
          && (filtro.ext === null || parseInt(c.slice(9, 11), 10) === filtro.ext);
      }
      var estados = { '1': 'Contabilizada', '0': 'No contabilizada', '2': 'Fuera de catálogo' };
      var resultados = { verificada: 'dos capturas que coinciden', tercera: 'las dos primeras capturas no coincidieron; decidió la tercera',
                         sinacta: 'declaración firmada de que no hubo acta' };
      function acta(a) {
        var e = eleccionesConsulta[a[0].split('-')[1]], art = el('article', 'acta');
        art.setAttribute('data-acta', a[0]);
        art.appendChild(el('h4', '', e ? e.nombre : a[0]));
        var valores = a[2], estado = el('p', 'estado');
        if (!valores || !e) {
          estado.appendChild(el('strong', '', 'Pendiente'));
          estado.appendChild(document.createTextNode(': el acta ' + a[0] + ' aún no se registra en este corte.'));
          art.appendChild(estado);
          return art;
        }
        valores = valores.map(String);
        var papel = {};
        e.campos.forEach(function (c, i) { papel[c[2]] = papel[c[2]] || []; papel[c[2]].push(i); });
        function valor(p) { return papel[p] ? valores[papel[p][0]] : ''; }
        var cont = valor('contabilizada'), obs = valor('observaciones');
        var fuerte = el('strong', '', estados[cont] || cont);
        fuerte.setAttribute('data-estado', cont);
        estado.appendChild(fuerte);
        if (obs && obs !== '-') estado.appendChild(document.createTextNode(': ' + obs));
        art.appendChild(estado);
        var p = el('p', '', 'Clave del acta: ' + a[0] + ' · Imagen: ');
        if (a[1]) { var l = el('a', '', 'Ver acta'); l.href = '../../imagenes/' + valor('codigo') + '.' + a[1]; p.appendChild(l); } else p.appendChild(document.createTextNode('sin imagen'));
        art.appendChild(p);
        if (a[3]) {
          var cp = el('p', 'operadores', 'Capturada por ' + a[3][1].join(', ') + ' (' + (resultados[a[3][0]] || a[3][0]) + '), según el ');
          cp.setAttribute('data-operadores', a[3][0] + ': ' + a[3][1].join(' '));
          var reg = el('a', '', 'registro de capturistas'); reg.href = 'capturas/operadores.csv';
          cp.appendChild(reg); cp.appendChild(document.createTextNode(' y sus capturas firmadas.'));
          art.appendChild(cp);
        }
        var dl = el('dl', 'tiempos');
        ['captura', 'verificacion'].forEach(function (r) {
          (papel[r] || []).forEach(function (i) {
            dl.appendChild(el('dt', '', e.campos[i][1]));
            var dd = el('dd', '', valores[i]); dd.setAttribute('data-csv', e.campos[i][0]); dl.appendChild(dd);
          });
        });
        art.appendChild(dl);
        var region = el('div', 'tabla');
        region.setAttribute('role', 'region'); region.setAttribute('tabindex', '0');
        region.setAttribute('aria-label', 'Cifras del acta ' + a[1]);
        var t = el('table', 'votos');
        t.appendChild(el('caption', '', 'Cifras del acta, como en ' + e.archivo));
        var cabeza = el('thead'), fila = el('tr');
        fila.appendChild(el('th', '', 'Columna')); fila.appendChild(el('th', 'num', 'Valor'));
        fila.children[0].setAttribute('scope', 'col'); fila.children[1].setAttribute('scope', 'col');
        cabeza.appendChild(fila); t.appendChild(cabeza);
        var cuerpo = el('tbody');
        e.campos.forEach(function (c, i) {
          if (c[2] !== 'voto' && c[2] !== 'total' && c[2] !== 'calculado' && c[2] !== 'codigo') return;
          var tr = el('tr'), th = el('th', '', c[1]);
          th.setAttribute('scope', 'row');
          th.appendChild(el('span', 'tipo', c[0]));
          var td = el('td', c[2] === 'codigo' ? 'hash' : 'num', valores[i]);
          td.setAttribute('data-csv', c[0]);
          tr.appendChild(th); tr.appendChild(td); cuerpo.appendChild(tr);
        });
        t.appendChild(cuerpo); region.appendChild(t); art.appendChild(region);
        return art;
      }
      window.prepConsulta = function (d) {
        caja.textContent = '';
        // The actas come casilla after casilla: grouped by the casilla key their key starts with.
        var casillas = [], ultima = null;
        d.actas.forEach(function (a) {
          var c = a[0].slice(0, 11);
          if (!ultima || ultima[0] !== c) { ultima = [c, []]; casillas.push(ultima); }
          ultima[1].push(a);
        });
        var todas = casillas.filter(function (c) { return parseInt(c[0].slice(2, 6), 10) === seccion; });
        var halladas = todas.filter(function (c) { return coincide(c[0]); });
        if (!halladas.length) {
          decir(todas.length ? 'La sección ' + seccion + ' no tiene la casilla «' + q.casilla + '». Sus casillas son: ' + todas.map(function (c) { return nombreCasilla(c[0]); }).join(', ') + '.'
                             : 'La sección ' + seccion + ' no tiene casillas en este corte.');
          return;
        }
        halladas.forEach(function (c) {
          var s = el('section', 'casilla');
          s.setAttribute('data-casilla', c[0]);
          s.appendChild(el('h3', '', 'Sección ' + seccion + ' · casilla ' + nombreCasilla(c[0]) + ' (' + c[0] + ')'));
          c[1].forEach(function (a) { s.appendChild(acta(a)); });
          caja.appendChild(s);
        });
      };
      var guion = document.createElement('script');
      guion.src = 'consulta/' + ceros(ent, 2) + '-' + ceros(Math.floor(seccion / porArchivo) * porArchivo, 4) + '.js';
      guion.onerror = function () { decir('La sección ' + seccion + ' no tiene casillas en este corte.'); };
      caja.textContent = 'Buscando la sección ' + seccion + '…';
      document.head.appendChild(guion);
    })();
    </script>

    """
}
