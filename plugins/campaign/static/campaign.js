/* Campaign countdown: shows the time left before each open banner's deadline
   and closes the banner when the deadline passes, without a reload.
   The page is complete without it; this only keeps it current. */
(function () {
  "use strict";
  var MINUTE = 60000;
  var banners = [].slice.call(
    document.querySelectorAll(".campaign-banner[data-campaign-state=open]")
  );

  function count(n, unit) {
    return n + " " + unit + (n === 1 ? "" : "s");
  }

  // Whole minutes, rounded, so a page opened a moment after "five days before"
  // still says 5 days; seconds only in the last minute.
  function timeLeft(ms) {
    if (ms < MINUTE) return count(Math.ceil(ms / 1000), "second");
    var minutes = Math.round(ms / MINUTE);
    var days = Math.floor(minutes / 1440);
    var hours = Math.floor((minutes % 1440) / 60);
    minutes %= 60;
    if (days) return count(days, "day") + (hours ? ", " + count(hours, "hour") : "");
    if (hours) return count(hours, "hour") + (minutes ? ", " + count(minutes, "minute") : "");
    return count(minutes, "minute");
  }

  // The deadline in the reader's own zone, when that differs from the printed one.
  function readerTime(banner, deadline) {
    var iso = banner.getAttribute("data-campaign-deadline");
    var offset = /([+-])(\d\d):(\d\d)$/.exec(iso);
    var printed = offset ? (offset[1] === "-" ? -1 : 1) * (offset[2] * 60 + +offset[3]) : 0;
    if (printed === -deadline.getTimezoneOffset() || !window.Intl) return "";
    return new Intl.DateTimeFormat(undefined, {
      weekday: "long", month: "long", day: "numeric",
      hour: "numeric", minute: "2-digit", timeZoneName: "short"
    }).format(deadline);
  }

  function close(banner) {
    banner.setAttribute("data-campaign-state", "closed");
    var when = banner.querySelector(".campaign-when strong");
    var time = banner.querySelector("time");
    if (when && time) {
      when.textContent = "Signing closed on ";
      when.appendChild(time);
      when.appendChild(document.createTextNode("."));
    }
    var sign = banner.querySelector("a.campaign-sign");
    var form = sign && sign.getAttribute("href");
    [].slice.call(document.querySelectorAll("a.campaign-sign")).forEach(function (link) {
      if (link.getAttribute("href") !== form) return;
      if (link.parentNode.className === "campaign-action") {
        link.parentNode.parentNode.removeChild(link.parentNode);
        return;
      }
      var words = document.createElement("span");
      words.className = "campaign-sign-closed";
      words.textContent = link.textContent;
      link.parentNode.replaceChild(words, link);
    });
    var countdown = banner.querySelector(".campaign-countdown");
    if (countdown) countdown.parentNode.removeChild(countdown);
    var status = banner.querySelector(".campaign-status");
    if (status) status.textContent = "Signing has closed.";
  }

  function tick() {
    var now = Date.now();
    banners = banners.filter(function (banner) {
      var deadline = new Date(banner.getAttribute("data-campaign-deadline"));
      var left = deadline.getTime() - now;
      if (isNaN(left)) return false;
      if (left <= 0) {
        close(banner);
        return false;
      }
      var countdown = banner.querySelector(".campaign-countdown");
      var text = timeLeft(left) + " left.";
      var local = readerTime(banner, deadline);
      if (local) text += " That is " + local + " where you are.";
      if (countdown && countdown.textContent !== text) countdown.textContent = text;
      return true;
    });
    if (banners.length) setTimeout(tick, 1000 - (Date.now() % 1000) || 1000);
  }

  tick();
})();
