import PrepDominio

/// A tiny `iecm-2024` catálogo with one casilla or mesa of every kind the real CDMX 2024 universe
/// has (the tests of every kind of acta): a mesa M without distrito (`090000M0100`, JG and DIP), a
/// mesa A and a mesa P, a básica with traslado mechanism F, an extraordinaria with D, a casilla
/// especial with both DIP actas (MR and RP), and a casilla especial with urna electrónica and both
/// DIP actas; DIP has the candidatura común `MORENA_PT_VERDE` and the sin partido column `CSP`.
public enum CatalogoUniverso {
    /// The eight files, as a catálogo folder holds them.
    public static let archivos: [String: String] = [
        "proceso.csv": "ID_ENTIDAD,ENTIDAD,SIGLAS,ANIO,DESCRIPCION,PERFIL\n9,CIUDAD DE MÉXICO,CDMX,2024,Prueba sintética,iecm-2024\n",
        "elecciones.csv": "ELECCION,NOMBRE,GEOGRAFIA\nJG,JEFATURA DE GOBIERNO,DISTRITO_LOCAL\nDIP,DIPUTACIONES,DISTRITO_LOCAL\nALC,ALCALDÍAS,DEMARCACION_TERRITORIAL\n",
        "columnas.csv": """
            ELECCION,COLUMNA,TIPO,NOMBRE,COLOR
            JG,PAN,partido,Partido Acción Nacional,#0055a5
            JG,MORENA,partido,Morena,#a50021
            JG,NO_REGISTRADAS,no_registradas,Candidaturas no registradas,#999999
            JG,NULOS,nulos,Votos nulos,#444444
            DIP,PAN,partido,Partido Acción Nacional,#0055a5
            DIP,PVEM,partido,Partido Verde Ecologista de México,#2e9e3c
            DIP,PT,partido,Partido del Trabajo,#d52b1e
            DIP,MORENA,partido,Morena,#a50021
            DIP,CSP,independiente,Candidatura sin partido,#777777
            DIP,MORENA_PT_VERDE,candidatura_comun,"Morena, PT y Verde",#8a1c2b
            DIP,NO_REGISTRADAS,no_registradas,Candidaturas no registradas,#999999
            DIP,NULOS,nulos,Votos nulos,#444444
            ALC,PAN,partido,Partido Acción Nacional,#0055a5
            ALC,MORENA,partido,Morena,#a50021
            ALC,NO_REGISTRADAS,no_registradas,Candidaturas no registradas,#999999
            ALC,NULOS,nulos,Votos nulos,#444444

            """,
        "columnas_ambito.csv": "ELECCION,ID_AMBITO,COLUMNAS\n",
        "distritos.csv": "ID_DISTRITO_LOCAL,DISTRITO_LOCAL\n1,DISTRITO 01\n2,DISTRITO 02\n",
        "demarcaciones.csv": "ID_DEMARCACION_TERRITORIAL,DEMARCACION_TERRITORIAL\n2,AZCAPOTZALCO\n3,COYOACAN\n",
        "candidaturas.csv": """
            ELECCION,ID_AMBITO,COLUMNA,PROPIETARIA,SUPLENTE
            JG,0,MORENA,Candidatura Ficticia JG MORENA,
            DIP,1,MORENA_PT_VERDE,Candidatura Ficticia DIP 01 MORENA_PT_VERDE,Suplencia Ficticia
            ALC,2,PAN,Candidatura Ficticia ALC 02 PAN,

            """,
        "casillas.csv": """
            CLAVE_CASILLA,ID_DISTRITO_LOCAL,ID_DEMARCACION_TERRITORIAL,SECCION,TIPO_CASILLA,ID_CASILLA,EXT_CONTIGUA,UBICACION_CASILLA,LISTA_NOMINAL,REPRESENTANTES_PP_CI,BOLETAS_ESPECIAL,ELECCIONES,MECANISMO_TRASLADO,URNA_ELECTRONICA
            090001B0100,1,2,0001,B,01,00,1,600,10,0,JG DIP ALC,F,0
            090001E0100,1,2,0001,E,01,00,2,400,8,0,JG DIP ALC,D,0
            090002S0100,1,2,0002,S,01,00,1,0,10,1000,JG DIP DIP-RP ALC,,0
            090003S0100,2,3,0003,S,01,00,1,0,10,1000,JG DIP DIP-RP ALC,I,1
            090000M0100,0,0,0000,M,01,00,1,300,0,0,JG DIP,,0
            090004A0100,2,3,0004,A,01,00,1,200,0,0,JG DIP ALC,,0
            090005P0100,1,2,0005,P,01,00,1,100,0,0,JG DIP ALC,,0

            """,
    ]

    /// The files as bytes, with `cambios` replacing whole files.
    public static func bytes(_ cambios: [String: String] = [:]) -> [String: [UInt8]] {
        archivos.merging(cambios) { _, b in b }.mapValues { Array($0.utf8) }
    }

    /// The loaded catálogo; a fixture that does not load is a broken test.
    public static var catalogo: Catalogo {
        switch CargadorCatalogo.cargar(archivos: bytes()) {
        case .success(let c): return c
        case .failure(let p): preconditionFailure("test fixture CatalogoUniverso does not load:\n\(p)")
        }
    }
}
