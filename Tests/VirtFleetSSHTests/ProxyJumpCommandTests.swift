import Testing

@testable import VirtFleetSSH

/// `ProxyJump` as the OpenSSH ProxyCommand libssh runs: pure string building, no network.
@Suite struct ProxyJumpCommandTests {
    @Test func oneHopIsTheDestinationOfSshW() {
        #expect(
            ProxyJumpCommand(jumps: "bastion", configFile: nil).command
                == "ssh -o BatchMode=yes -W '[%h]:%p' bastion")
    }

    @Test func earlierHopsGoToJAndTheLastIsTheDestination() {
        #expect(
            ProxyJumpCommand(jumps: "first, second ,third", configFile: nil).command
                == "ssh -o BatchMode=yes -J first,second -W '[%h]:%p' third")
    }

    @Test func userHostPortBecomesAnSSHURLDestination() {
        #expect(
            ProxyJumpCommand(jumps: "admin@bastion:2200", configFile: nil).command
                == "ssh -o BatchMode=yes -W '[%h]:%p' ssh://admin@bastion:2200")
        // `-J` takes user@host:port as it is; only the destination needs the URL form.
        #expect(
            ProxyJumpCommand(jumps: "ops@outer:2201,admin@inner:2200", configFile: nil).command
                == "ssh -o BatchMode=yes -J ops@outer:2201 -W '[%h]:%p' ssh://admin@inner:2200")
    }

    @Test(arguments: [
        ("bastion", "bastion"), ("admin@bastion", "admin@bastion"),
        ("bastion:22", "ssh://bastion:22"), ("admin@bastion:2200", "ssh://admin@bastion:2200"),
    ])
    func destination(hop: String, expected: String) {
        #expect(ProxyJumpCommand.destination(hop) == expected)
    }

    @Test func theConfigFileIsPassedWithF() {
        #expect(
            ProxyJumpCommand(jumps: "jump", configFile: "/etc/vf/ssh_config").command
                == "ssh -o BatchMode=yes -F /etc/vf/ssh_config -W '[%h]:%p' jump")
        #expect(
            ProxyJumpCommand(jumps: "a,b", configFile: "/home/o p/config").command
                == "ssh -o BatchMode=yes -F '/home/o p/config' -J a -W '[%h]:%p' b")
    }
}

/// The ProxyCommand libssh makes of a config file's ProxyJump, read back into the jump list.
@Suite struct LibSSHProxyJumpTests {
    @Test(arguments: [
        ("ssh -W [%h]:%p bastion", "bastion"),
        ("ssh -l admin -p 2200 -W [%h]:%p bastion", "admin@bastion:2200"),
        ("ssh -J inner:2201 -W [%h]:%p outer", "outer,inner:2201"),
        ("ssh -l hv1 -p 2222 -W '[%h]:%p' 127.0.0.11", "hv1@127.0.0.11:2222"),
    ])
    func generatedCommandsGiveTheirJumps(command: String, jumps: String) {
        #expect(ProxyJumpCommand.jumps(fromLibSSH: command) == jumps)
    }

    @Test(arguments: ["nc -X connect %h %p", "ssh -o Foo=bar -W [%h]:%p b", "ssh -W %h:%p b"])
    func otherCommandsAreLeftAlone(command: String) {
        #expect(ProxyJumpCommand.jumps(fromLibSSH: command) == nil)
    }
}
