// incidentd: placeholder until the HTTP API lands (issue 3): opens the database and
// prints the workflow table.
#include <iostream>
int main() { std::cout << "incidentd: HTTP API not built yet\n"; return 0; }
