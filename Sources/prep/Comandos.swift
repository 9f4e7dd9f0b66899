/// Every subcommand, in the order `prep help` lists them. Each lives in its own file.
let comandos: [Comando] = [
    comandoAyuda,
    comandoRun,
    comandoStatus,
    comandoShow,
    comandoPublish,
    comandoRetirar,
    comandoAdopt,
    comandoCatalogo,
    comandoPlantilla,
    comandoMuestra,
    comandoSimulate,
    comandoDemo,
    comandoKeygen,
    comandoSign,
    comandoVerify,
]
