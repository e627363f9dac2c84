from srmscan.cli.app import program

if __name__ == "__main__":   # not when a worker process (spawn, forkserver) imports it
    program()
