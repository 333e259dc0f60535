-- wrk script: POST the AdmissionReview named by the REVIEW environment variable.
local file = assert(io.open(os.getenv("REVIEW"), "r"))
wrk.method = "POST"
wrk.body = file:read("*a")
file:close()
wrk.headers["Content-Type"] = "application/json"
