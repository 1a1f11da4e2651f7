document.getElementById("app").textContent = "Stagedoor console";
