print("virtfleet")
