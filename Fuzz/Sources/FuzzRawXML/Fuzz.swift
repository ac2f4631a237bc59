import VirtFleetFuzzing

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    FuzzEntry.blocking(FuzzEntry.rawXMLTemplate, Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}
