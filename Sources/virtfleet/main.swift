import VirtFleetCLI

await VirtFleet.main()
