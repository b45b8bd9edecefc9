// Check-in page: scan ticket QR codes with the camera where the browser supports BarcodeDetector.
// Without it, a hardware scanner (which types into the focused field) or typing works.
(function () {
  "use strict";
  var form = document.getElementById("checkin-form");
  var button = document.getElementById("checkin-scan");
  var video = document.getElementById("checkin-video");
  if (!form || !button || !video || !("BarcodeDetector" in window) || !navigator.mediaDevices) {
    return;
  }
  var input = form.querySelector("input[name='code']");
  button.hidden = false;
  button.addEventListener("click", function () {
    var detector = new window.BarcodeDetector({ formats: ["qr_code"] });
    navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } }).then(function (stream) {
      video.srcObject = stream;
      video.hidden = false;
      video.play();
      var scan = function () {
        detector.detect(video).then(function (codes) {
          if (codes.length) {
            stream.getTracks().forEach(function (track) { track.stop(); });
            input.value = codes[0].rawValue;
            form.submit();
          } else {
            window.requestAnimationFrame(scan);
          }
        }).catch(function () { window.requestAnimationFrame(scan); });
      };
      scan();
    }).catch(function () { button.hidden = true; });
  });
})();
