@echo off
rem Shell completion for "kubectl sg" (kubectl >= 1.26): kubectl runs kubectl_complete-sg with the
rem words typed after "kubectl sg"; kubectl-sg.exe (the one on PATH, as kubectl runs it) answers them.
kubectl-sg.exe __complete %*
