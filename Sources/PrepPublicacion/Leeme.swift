import PrepDominio

/// `datos/LEEME.txt`: describes every file, column and value a consumer of the corte can meet.
/// Spanish, as the rest of the public-facing publication. CRLF and BOM like the CSVs.
func textoLeeme(_ catalogo: Catalogo, desfase: Int) -> [UInt8] {
    let p = catalogo.proceso
    let utc = etiquetaUTC(desfase)
    var s = """
    PROGRAMA DE RESULTADOS ELECTORALES PRELIMINARES — \(p.entidad) \(p.anio)
    \(p.descripcion)

    ARCHIVOS DE ESTA CARPETA (datos/)

    """
    for e in catalogo.elecciones {
        s += "  \(EscritorCSV.nombreArchivo(p, e))  base de datos de \(e.nombre): una fila por acta.\n"
        s += "  \(EscritorCSV.nombreCandidaturas(p, e))  candidaturas de \(e.nombre).\n"
    }
    s += """
      LEEME.txt  este archivo.

    FORMATO
      Texto UTF-8 con BOM, separado por comas, fin de línea CRLF, campos entrecomillados según
      RFC 4180 cuando contienen comas, comillas o saltos de línea.

    ESTRUCTURA DE CADA BASE DE DATOS
      Línea 1: nombre de la elección.
      Línea 2: fecha y hora del corte, dd/mm/AAAA HH:MM \(utc).
      Línea 3: encabezado del resumen; línea 4: sus valores.
      Línea 5: encabezado de las actas; después, una fila por cada acta esperada en el orden del
      catálogo (ID_ENTIDAD, distrito o demarcación, SECCION, TIPO_CASILLA, ID_CASILLA,
      EXT_CONTIGUA), presente desde el primer corte con "-" mientras no se registra; al final, las
      actas fuera de catálogo. El número de filas nunca disminuye.

    RESUMEN (líneas 3 y 4)
      ACTAS_ESPERADAS                     actas del catálogo para esta elección.
      ACTAS_REGISTRADAS                   ACTAS_CAPTURADAS + ACTAS_FUERA_CATALOGO.
      ACTAS_FUERA_CATALOGO                filas con CONTABILIZADA 2.
      ACTAS_CAPTURADAS                    filas con CONTABILIZADA 0 o 1.
      PORCENTAJE_ACTAS_CAPTURADAS         ACTAS_CAPTURADAS × 100 / ACTAS_ESPERADAS.
      ACTAS_CONTABILIZADAS                filas con CONTABILIZADA 1.
      PORCENTAJE_ACTAS_CONTABILIZADAS     ACTAS_CONTABILIZADAS × 100 / ACTAS_ESPERADAS.
      PORCENTAJE_ACTAS_INCONSISTENCIAS    actas capturadas con alguna observación de inconsistencia
                                          (todas salvo las de "Sin Acta") × 100 / ACTAS_ESPERADAS.
      ACTAS_NO_CONTABILIZADAS             filas con CONTABILIZADA 0.
      LISTA_NOMINAL_ACTAS_CONTABILIZADAS  suma de LISTA_NOMINAL de las actas contabilizadas.
      TOTAL_VOTOS_C_CS                    suma de TOTAL_VOTOS_CALCULADO de las actas contabilizadas.
      TOTAL_VOTOS_S_CS                    la misma suma sin casillas especiales (TIPO_CASILLA S).
      PORCENTAJE_PARTICIPACION_CIUDADANA  TOTAL_VOTOS_S_CS × 100 / LISTA_NOMINAL_ACTAS_CONTABILIZADAS.
      Los porcentajes se truncan (no se redondean) a cuatro decimales y se escriben con cuatro.

    COLUMNAS DE LAS ACTAS
      CLAVE_CASILLA        ID_ENTIDAD (2) + SECCION (4) + TIPO_CASILLA (1) + ID_CASILLA (2) +
                           EXT_CONTIGUA (2), entre apóstrofos para conservar los ceros: '090001B0100'.
      CLAVE_ACTA           CLAVE_CASILLA-ELECCION, entre apóstrofos: '090001B0100-JG'.
      ID_ENTIDAD, ENTIDAD  entidad federativa ("-" en ENTIDAD si la clave es de otra entidad).
      ID_DISTRITO_LOCAL, DISTRITO_LOCAL o ID_DEMARCACION_TERRITORIAL, DEMARCACION_TERRITORIAL
                           según la elección; "-" en actas fuera de catálogo.
      SECCION (4 dígitos), ID_CASILLA (2), TIPO_CASILLA (B básica, C contigua, E extraordinaria,
      S especial), EXT_CONTIGUA (2; 00 si no aplica).
      UBICACION_CASILLA    1 urbana, 2 no urbana; "-" fuera de catálogo.
      TIPO_ACTA            2 mayoría relativa, 2E casilla especial; "-" fuera de catálogo.
      TOTAL_BOLETAS_SOBRANTES, TOTAL_PERSONAS_VOTARON, TOTAL_REP_PARTIDO_CI_VOTARON,
      TOTAL_VOTOS_SACADOS  cifras de control asentadas en el acta.
      Una columna por partido, coalición (combinación) o candidatura independiente, en el orden del
      catálogo, y NO_REGISTRADAS y NULOS: votos asentados en el acta.
      TOTAL_VOTOS_ASENTADO total asentado en el acta por la mesa directiva.
      TOTAL_VOTOS_CALCULADO suma de todas las columnas de votos, contando Ilegible y Sin dato como 0.
      LISTA_NOMINAL        electores de la casilla según el catálogo (0 en casillas especiales).
      REPRESENTANTES_PP_CI representantes acreditados que pueden votar en la casilla.
      OBSERVACIONES        vacío o una o varias, separadas por ", ", en este orden:
                             Excede Lista Nominal, Ilegible, Sin dato, Todos los campos ilegibles,
                             Todos los campos vacíos, Sin Acta por paquete no entregado,
                             Sin Acta por casilla no instalada, Sin Acta por paquete entregado sin sobre.
                           "-" mientras el acta no se registra.
      CONTABILIZADA        1 contabilizada; 0 registrada pero no contabilizada (excede la lista
                           nominal más representantes, todos los campos ilegibles o vacíos, o sin
                           acta); 2 fuera de catálogo; "-" aún no registrada.
      MECANISMOS_TRASLADO  vacío: este sistema no registra el mecanismo de traslado.
      CODIGO_INTEGRIDAD    SHA-256 (64 dígitos hexadecimales) de la imagen publicada del acta; la
                           imagen está en ../../imagenes/<CODIGO_INTEGRIDAD>.<extensión> respecto de
                           la carpeta del corte. "-" si no hay imagen (sin acta o no registrada).
      FECHA_HORA_ACOPIO, FECHA_HORA_CAPTURA, FECHA_HORA_VERIFICACION
                           dd/mm/AAAA HH:MM:SS en \(utc); "-" si no aplica.
      ORIGEN               CATD (escaneada en un CATD) o CASILLA (fotografía de PREP Casilla); "-".
      DIGITALIZACION       Escáner (CATD) o Móvil (PREP Casilla); "-".
      TIPO_DOCUMENTO       Acta PREP cuando hay imagen; "-".
      COTEJADA             0: los datos no se han cotejado de nuevo contra la imagen; "-" sin captura.

    VALORES ESPECIALES EN CIFRAS
      número entero ≥ 0    la cifra capturada.
      Ilegible             la cifra no se pudo leer; cuenta como 0.
      Sin dato             la cifra no se asentó; cuenta como 0.
      N/A                  la columna no figura en el acta de esa casilla (el partido o la coalición
                           no compite en ese distrito o demarcación), o el acta fuera de catálogo
                           no la trae.
      -                    aún no registrada, o sin acta.

    INTEGRIDAD
      Cada corte trae manifest.json (número de corte, hora, vigencia, huella del corte anterior) y
      SHA256, la lista firmada de todos sus archivos. Dentro de la carpeta del corte:
        signify-openbsd -C -p CLAVE.pub -x SHA256.sig
        sha256sum -c SHA256
      y, para las imágenes, en imagenes/ cada archivo se llama como su propio SHA-256.

    """
    var b: [UInt8] = [0xEF, 0xBB, 0xBF]
    for l in s.split(separator: "\n", omittingEmptySubsequences: false) {
        b += Array(l.utf8)
        b += [13, 10]
    }
    return b
}
