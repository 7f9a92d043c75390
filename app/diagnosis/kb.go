package diagnosis

// This file is the knowledge base: every text the guidance shows, zh-CN
// first and English second, written in our own words from the facts of the
// support article (the seed). Tips holds the article's general guidance,
// kb one entry per finding with steps per operating system.

// intro is the article's opening fact: what a WPS account is for.
var intro = Text{"登录 WPS 账号后，可以在各设备间同步文档，使用云空间和插件等资源；登录不上时，云文档打不开，工作也会受影响。",
	"Signing in to a WPS account syncs your documents across devices and unlocks the cloud space and add-ons; when sign-in fails, cloud documents stay out of reach and work stalls."}

// Intro returns the one-paragraph explanation of what a WPS account gives
// and why a failed login hurts (shown above the results).
func Intro() Text { return intro }

var tips = TipSet{
	Causes: []Tip{
		{"cause_1_network", Text{"网络不通或受到限制", "The network is down or restricted"}, []Text{
			Text{"网络时断时续，或者干脆没连上。", "The connection keeps dropping or is not there at all."},
			Text{"公司、学校等单位的网络屏蔽了 WPS 的服务器。", "A company or school network blocks the WPS servers."},
		}, []FindingID{FindingOffline, FindingWPSBlocked, FindingLoginUnreachable, FindingNetworkSlow}},
		{"cause_2_credentials", Text{"账号或密码不对", "Wrong account or password"}, []Text{
			Text{"账号（手机号或邮箱）或密码输错了。", "The account (phone number or email) or the password was mistyped."},
			Text{"忘了密码，或者还在用已经改掉的旧密码。", "The password was forgotten, or an old, already changed password is being used."},
		}, []FindingID{FindingPasswordRejected, FindingForgotPassword}},
		{"cause_3_client", Text{"WPS 客户端本身有问题", "A problem with the WPS app itself"}, []Text{
			Text{"客户端版本太旧，和现在的登录方式不兼容。", "The app is too old to work with today's sign-in."},
			Text{"安装文件损坏，或者配置文件出了错。", "The installation is damaged or a configuration file has gone bad."},
		}, []FindingID{FindingClientProblem, FindingLoginHangs}},
		{"cause_4_system_time", Text{"系统时间或运行环境不对", "Wrong system time or missing system parts"}, []Text{
			Text{"系统时间不准，登录时的安全校验就通不过。", "A wrong system clock makes the sign-in security check fail."},
			Text{"Windows 或 Mac 上缺少客户端需要的系统组件。", "Windows or macOS lacks system components the app needs."},
		}, []FindingID{FindingClockSkew, FindingTimezoneWrong, FindingClientProblem}},
		{"cause_5_account", Text{"账号状态异常", "Something is wrong with the account"}, []Text{
			Text{"账号被冻结，或受到安全限制。", "The account is frozen or under a security restriction."},
			Text{"连续多次登录失败，触发了安全锁定。", "Too many failed sign-ins in a row triggered a security lock."},
		}, []FindingID{FindingAccountLocked}},
		{"cause_6_third_party", Text{"其他软件在干扰", "Other software gets in the way"}, []Text{
			Text{"防火墙、杀毒软件或 VPN 拦住了 WPS 的连接。", "A firewall, antivirus or VPN blocks WPS's connections."},
			Text{"系统的代理设置影响了网络连接。", "The system proxy settings disturb the connection."},
		}, []FindingID{FindingWPSBlocked, FindingLoginUnreachable}},
		{"cause_7_service", Text{"WPS 服务端出了问题", "A problem on WPS's side"}, []Text{
			Text{"WPS 云服务临时故障，或正在升级维护。", "The WPS cloud service has a temporary fault or is down for maintenance."},
			Text{"服务器访问受限，导致登录失败。", "Access to the servers is restricted, so sign-in fails."},
		}, []FindingID{FindingWPSServiceIssue}},
	},
	BasicChecks: []Tip{
		{"basic_1_network", Text{"先确认网络正常", "First make sure the network works"}, []Text{
			Text{"用浏览器随便打开一个网站，看看能不能上网。", "Open any website in a browser to see whether you are online."},
			Text{"关掉 VPN 或代理后，再试一次登录。", "Turn off any VPN or proxy and try signing in again."},
		}, []FindingID{FindingOffline, FindingWPSBlocked}},
		{"basic_2_account_info", Text{"核对账号信息", "Check your account details"}, []Text{
			Text{"确认账号（手机号或邮箱）没有输错。", "Make sure the account (phone number or email) is typed correctly."},
			Text{"确认密码无误，注意区分大小写。", "Make sure the password is right; capitals matter."},
		}, []FindingID{FindingPasswordRejected}},
		{"basic_3_web_login", Text{"试试网页版登录", "Try signing in on the web"}, []Text{
			Text{"在浏览器里打开 WPS 官网并登录。", "Open the WPS website in a browser and sign in there."},
			Text{"网页版能登上，说明账号本身没问题，问题多半出在客户端。", "If the web sign-in works, the account is fine and the problem is most likely the app."},
		}, []FindingID{FindingClientProblem, FindingNoIssueFound}},
		{"basic_4_restart", Text{"重启客户端和设备", "Restart the app and the device"}, []Text{
			Text{"完全退出 WPS Office，再把电脑或手机重新启动。", "Quit WPS Office completely, then restart the computer or phone."},
			Text{"清理一下临时缓存后再登录。", "Clear the temporary cache, then sign in again."},
		}, []FindingID{FindingLoginHangs, FindingClientProblem}},
	},
	Fixes: []Tip{
		{"fix_1_reset_password", Text{"方法一：重置密码", "Fix 1: reset the password"}, []Text{
			Text{"在 WPS 登录界面点「忘记密码」。", "On the WPS sign-in screen, tap “Forgot password”."},
			Text{"填写注册时用的手机号或邮箱。", "Enter the phone number or email you registered with."},
			Text{"按页面提示设置新密码。", "Follow the prompts to set a new password."},
			Text{"用新密码登录客户端。", "Sign in to the app with the new password."},
			Text{"改完密码后，别忘了在其他设备上也换成新密码。", "After the change, use the new password on your other devices too."},
		}, []FindingID{FindingPasswordRejected, FindingForgotPassword}},
		{"fix_2_update_reinstall", Text{"方法二：更新或重装客户端", "Fix 2: update or reinstall the app"}, []Text{
			Text{"在 WPS 里打开「帮助」→「检查更新」。", "In WPS, open Help → Check for updates."},
			Text{"下载并安装最新版本。", "Download and install the latest version."},
			Text{"如果客户端已经损坏：先卸载，清掉残留文件，再重新安装。", "If the app is damaged: uninstall it, remove the leftover files, then install it again."},
			Text{"新版本通常已经修好了登录兼容性的问题。", "New versions usually fix sign-in compatibility problems."},
		}, []FindingID{FindingClientProblem, FindingLoginHangs}},
		{"fix_3_network_proxy", Text{"方法三：检查网络和代理设置", "Fix 3: check the network and proxy settings"}, []Text{
			Text{"确认电脑或手机的网络正常。", "Make sure the computer or phone is online."},
			Text{"关闭 VPN 或代理，免得它们干扰登录。", "Turn off VPNs and proxies so they cannot interfere with sign-in."},
			Text{"临时关闭防火墙或安全软件，再试一次。", "Pause the firewall or security software for a moment and try again."},
			Text{"在公司网络里，请网络管理员放行 WPS 的服务器和端口。", "On a company network, ask the administrator to allow the WPS servers and ports."},
		}, []FindingID{FindingWPSBlocked, FindingLoginUnreachable, FindingNetworkSlow}},
		{"fix_4_time_sync", Text{"方法四：校准系统时间和时区", "Fix 4: set the right time and time zone"}, []Text{
			Text{"检查电脑或手机上的时间是否准确。", "Check that the computer or phone shows the correct time."},
			Text{"确认时区设置正确。", "Make sure the time zone is right."},
			Text{"同步系统时间后重新登录。", "Sync the system time, then sign in again."},
			Text{"时间不对，会让登录时的安全校验失败。", "A wrong time makes the sign-in security check fail."},
		}, []FindingID{FindingClockSkew, FindingTimezoneWrong}},
		{"fix_5_clear_cache", Text{"方法五：清理客户端缓存", "Fix 5: clear the app's cache"}, []Text{
			Text{"Windows：打开 %appdata%\\Kingsoft\\WPS Office\\，删除 user.config 或临时缓存文件。", "Windows: open %appdata%\\Kingsoft\\WPS Office\\ and delete user.config or the temporary cache files."},
			Text{"Mac：删除 ~/Library/Preferences/com.kingsoft.wpsoffice.plist。", "Mac: delete ~/Library/Preferences/com.kingsoft.wpsoffice.plist."},
			Text{"重启客户端，再登录账号。", "Restart the app and sign in again."},
		}, []FindingID{FindingLoginHangs, FindingClientProblem}},
		{"fix_6_account_status", Text{"方法六：排查账号异常", "Fix 6: check the account's status"}, []Text{
			Text{"登录 WPS 官网，查看账号状态。", "Sign in on the WPS website and look at the account status."},
			Text{"如果提示账号冻结或异常，联系 WPS 客服解锁。", "If it says the account is frozen or abnormal, contact WPS support to unlock it."},
			Text{"按要求提供资料，完成身份验证。", "Provide the requested details to verify your identity."},
		}, []FindingID{FindingAccountLocked}},
		{"fix_7_web_or_mobile", Text{"方法七：换网页版或手机 App 登录", "Fix 7: sign in on the web or the phone app"}, []Text{
			Text{"在手机 App 上登录 WPS 账号试试。", "Try signing in to your WPS account in the phone app."},
			Text{"或者通过网页版打开云文档。", "Or open your cloud documents on the web."},
			Text{"这样能判断问题是不是只出在某一个客户端上。", "This shows whether the problem is limited to one app."},
		}, []FindingID{FindingClientProblem, FindingCloudDocs, FindingNoIssueFound}},
	},
	Advanced: []Tip{
		{"adv_1_bind_contacts", Text{"绑定邮箱和手机号", "Link an email and a phone number"}, []Text{
			Text{"忘记密码或账号出现异常时，可以靠它们找回。", "They let you recover the account if you forget the password or something goes wrong."},
			Text{"也能让账号更安全。", "They also make the account safer."},
		}, []FindingID{FindingForgotPassword}},
		{"adv_2_two_factor", Text{"开启双重验证", "Turn on two-step verification"}, []Text{
			Text{"让登录更安全。", "It makes sign-in safer."},
			Text{"防止别人恶意登录你的账号。", "It keeps others from signing in to your account."},
		}, []FindingID{FindingAccountLocked}},
		{"adv_3_change_password", Text{"定期更换密码", "Change the password regularly"}, []Text{
			Text{"避免用了很久的密码被泄露。", "A password used for years is more likely to have leaked."},
			Text{"保护云文档的安全。", "It keeps your cloud documents safe."},
		}, []FindingID{FindingAccountLocked}},
		{"adv_4_official_download", Text{"只从官方渠道下载客户端", "Download the app only from official sources"}, []Text{
			Text{"第三方下载的安装包可能导致登录异常。", "Installers from third-party sites can cause sign-in problems."},
			Text{"官方版本在兼容性和安全性上更有保障。", "The official version is the safe and compatible one."},
		}, []FindingID{FindingClientProblem}},
		{"adv_5_multi_device", Text{"多设备保持同步", "Keep your devices in sync"}, []Text{
			Text{"同一个账号在电脑、手机和网页版上都保持同步更新。", "Keep the same account up to date on the computer, the phone and the web."},
			Text{"避免因为设备之间不同步而打不开云文档。", "This avoids cloud documents that will not open because devices are out of sync."},
		}, []FindingID{FindingCloudDocs}},
	},
	FAQ: []Tip{
		{"faq_1_wrong_password", Text{"提示“用户名或密码错误”怎么办？", "It says “wrong user name or password”"}, []Text{
			Text{"核对账号和密码是否输入正确。", "Check that the account and password are typed correctly."},
			Text{"试着重置密码。", "Try resetting the password."},
			Text{"看看是不是用了已经改掉的旧密码。", "Check whether you are using an old password that was changed."},
		}, []FindingID{FindingPasswordRejected}},
		{"faq_2_login_hangs", Text{"登录界面卡住，或者点了没反应？", "The sign-in screen hangs or does nothing"}, []Text{
			Text{"清理客户端缓存。", "Clear the app's cache."},
			Text{"更新或重装客户端。", "Update or reinstall the app."},
			Text{"检查网络是否稳定。", "Check that the network is stable."},
		}, []FindingID{FindingLoginHangs, FindingNetworkSlow}},
		{"faq_3_account_locked", Text{"提示“账号被锁定”？", "It says the account is locked"}, []Text{
			Text{"多次登录失败会触发安全锁定。", "Several failed sign-ins trigger a security lock."},
			Text{"联系 WPS 客服解锁。", "Contact WPS support to unlock it."},
			Text{"不要在不安全的网络上登录。", "Do not sign in on untrusted networks."},
		}, []FindingID{FindingAccountLocked}},
		{"faq_4_cloud_docs", Text{"登录后打不开云文档？", "Signed in, but cloud documents will not open"}, []Text{
			Text{"检查网络连接。", "Check the network connection."},
			Text{"确认 WPS 云服务是否正常。", "Check whether the WPS cloud service is up."},
			Text{"换网页版或手机 App 试试。", "Try the web version or the phone app."},
		}, []FindingID{FindingCloudDocs, FindingWPSServiceIssue}},
	},
	Prevention: []Tip{
		{"prev_1_keep_updated", Text{"让客户端保持最新", "Keep the app up to date"}, []Text{
			Text{"定期更新，兼容性和安全性都更有保障。", "Regular updates keep it compatible and secure."},
		}, []FindingID{FindingClientProblem}},
		{"prev_2_bind_security_info", Text{"把安全信息绑定完整", "Complete your security details"}, []Text{
			Text{"手机号和邮箱都绑定好，找回账号更方便。", "With both a phone number and an email linked, the account is easy to recover."},
		}, []FindingID{FindingForgotPassword}},
		{"prev_3_careful_third_party", Text{"谨慎使用第三方工具", "Be careful with third-party tools"}, []Text{
			Text{"避免账号密码泄露，或客户端被篡改。", "They can leak your password or tamper with the app."},
		}, []FindingID{FindingClientProblem, FindingInsecureContext}},
		{"prev_4_change_password", Text{"定期更换密码", "Change the password regularly"}, []Text{
			Text{"提高账号的安全性。", "It makes the account safer."},
			Text{"不要长期只用同一个密码。", "Do not keep the same password for years."},
		}, []FindingID{FindingAccountLocked}},
		{"prev_5_network", Text{"注意网络环境", "Mind the network you use"}, []Text{
			Text{"尽量不在公共网络或受限网络上登录。", "Avoid signing in on public or restricted networks."},
			Text{"用稳定的网络访问云服务。", "Use a stable connection for cloud services."},
		}, []FindingID{FindingOffline, FindingNetworkSlow, FindingInsecureContext}},
	},
}

// ref names an article part for an entry's SeedFix, by tip id.
func ref(id string) SeedRef {
	for _, t := range tips.All() {
		if t.ID == id {
			return SeedRef{ID: id, Name: t.Title}
		}
	}
	panic("diagnosis: unknown seed reference " + id)
}

func refs(ids ...string) []SeedRef {
	out := make([]SeedRef, len(ids))
	for i, id := range ids {
		out[i] = ref(id)
	}
	return out
}

// RunAgainLabel is the label of the page's button that runs every check
// again. Steps tell people to press it, so the page and the steps share it.
var RunAgainLabel = Text{"重新检查", "Run again"}

// Shared steps, per operating system.
var (
	stepRestartWPS   = Text{"重新打开 WPS，再登录一次。", "Reopen WPS and sign in again."}
	stepRecheck      = Text{"改完后回到本页，点「" + RunAgainLabel.ZH + "」确认。", "Come back to this page and press “" + RunAgainLabel.EN + "” to confirm."}
	stepPublicWiFi   = Text{"如果连的是酒店、机场等公共 Wi-Fi，先随便打开一个网页，完成上网认证。", "On hotel or airport Wi-Fi, open any web page first to get through the sign-in portal."}
	stepAdminAllow   = Text{"在公司或学校网络里，请网络管理员放行 WPS 的域名（如 account.wps.cn、*.wps.cn、*.kdocs.cn、*.wpscdn.cn）和 443 端口。", "On a company or school network, ask the administrator to allow the WPS domains (such as account.wps.cn, *.wps.cn, *.kdocs.cn, *.wpscdn.cn) on port 443."}
	stepBlockerOff   = Text{"如果浏览器装了广告拦截或隐私插件，先对本站和 wps.cn 停用，再点「" + RunAgainLabel.ZH + "」。", "If the browser has an ad or privacy blocker, turn it off for this site and wps.cn, then press “" + RunAgainLabel.EN + "”."}
	stepTryMobile    = Text{"换一个网络试试，例如把 Wi-Fi 换成手机数据，能登上就说明是原来的网络在拦截。", "Try another network, e.g. mobile data instead of Wi-Fi: if sign-in works there, the first network is blocking WPS."}
	stepDontTurnBack = Text{"先不要手动拨钟点：把时区改对后，显示的时间会自动变成正确的。", "Do not move the clock by hand: once the time zone is right, the time shown corrects itself."}
)

var timeSyncSteps = osSteps{
	oWindows: {
		Text{"右键点任务栏右下角的时间，选「调整日期和时间」。", "Right-click the clock at the right end of the taskbar and choose “Adjust date and time”."},
		Text{"打开「自动设置时间」和「自动设置时区」，再点「立即同步」。", "Turn on “Set time automatically” and “Set time zone automatically”, then click “Sync now”."},
		Text{"如果无法自动设置时区，就在「时区」里手动选择，例如「(UTC+08:00) 北京，重庆，香港特别行政区，乌鲁木齐」。", "If the zone cannot be set automatically, pick it by hand, for example “(UTC+08:00) Beijing, Chongqing, Hong Kong, Urumqi”."},
		stepRestartWPS,
	},
	oMacOS: {
		Text{"打开「系统设置」→「通用」→「日期与时间」（较旧的 macOS 是「系统偏好设置」→「日期与时间」）。", "Open System Settings → General → Date & Time (older macOS: System Preferences → Date & Time)."},
		Text{"打开「自动设置时间和日期」。", "Turn on “Set time and date automatically”."},
		Text{"打开「使用当前位置自动设置时区」，或者手动选择你所在的城市。", "Turn on “Set time zone automatically using your current location”, or pick your city by hand."},
		stepRestartWPS,
	},
	oLinux: {
		Text{"在桌面的「设置」→「日期和时间」里打开自动设置时间和时区（不同发行版的菜单名称略有差异）。", "In the desktop's Settings → Date & Time, turn on automatic time and time zone (menu names vary between distributions)."},
		Text{"也可以在终端里运行 timedatectl 查看状态；用 sudo timedatectl set-ntp true 打开网络校时，用 sudo timedatectl set-timezone Asia/Shanghai 设置时区（换成你所在地的时区）。", "Or run timedatectl in a terminal; sudo timedatectl set-ntp true turns on network time and sudo timedatectl set-timezone Asia/Shanghai sets the zone (use your own)."},
		stepRestartWPS,
	},
	oChromeOS: {
		Text{"打开「设置」→「高级」→「日期和时间」（位置随版本略有不同）。", "Open Settings → Advanced → Date and time (the place varies a little between versions)."},
		Text{"把时区设为自动（根据位置），或手动选择正确的时区；ChromeOS 会自动联网校时。", "Set the time zone to automatic (by location) or pick the right one; ChromeOS sets the time from the network by itself."},
		stepRestartWPS,
	},
	oAndroid: {
		Text{"打开「设置」→「系统」→「日期和时间」（各品牌位置不同，可以在设置里搜索“日期”）。", "Open Settings → System → Date & time (brands differ; search Settings for “date”)."},
		Text{"打开「自动确定日期和时间」（或「使用网络提供的时间」）和「自动确定时区」。", "Turn on “Set time automatically” (or “Use network-provided time”) and “Set time zone automatically”."},
		Text{"重新打开 WPS App，再登录一次。", "Reopen the WPS app and sign in again."},
	},
	oIOS: {
		Text{"打开「设置」→「通用」→「日期与时间」。", "Open Settings → General → Date & Time."},
		Text{"打开「自动设置」。如果开关是灰色的，可能被「屏幕使用时间」或描述文件限制了，需要先解除。", "Turn on “Set Automatically”. If the switch is greyed out, Screen Time or a profile restricts it; lift that first."},
		Text{"重新打开 WPS App，再登录一次。", "Reopen the WPS app and sign in again."},
	},
	oIPadOS: {
		Text{"在 iPad 上打开「设置」→「通用」→「日期与时间」。", "On the iPad, open Settings → General → Date & Time."},
		Text{"打开「自动设置」。如果开关是灰色的，可能被「屏幕使用时间」或描述文件限制了，需要先解除。", "Turn on “Set Automatically”. If the switch is greyed out, Screen Time or a profile restricts it; lift that first."},
		Text{"重新打开 WPS App，再登录一次。", "Reopen the WPS app and sign in again."},
	},
	oHarmonyOS: {
		Text{"打开「设置」→「系统和更新」（部分版本为「系统」）→「日期和时间」。", "Open Settings → System & updates (on some versions just System) → Date & time."},
		Text{"打开「自动设置」（使用网络时间），并让时区自动设置，或手动选择正确的时区，例如「中国标准时间」。", "Turn on “Set automatically” (network time) and automatic time zone, or pick the right zone by hand, e.g. China Standard Time."},
		Text{"重新打开 WPS，再登录一次。", "Reopen WPS and sign in again."},
	},
	oDefault: {
		Text{"在系统设置里找到「日期和时间」。", "Find Date & Time in the system settings."},
		Text{"打开自动同步时间和自动设置时区，或手动选择正确的时区。", "Turn on automatic time and automatic time zone, or pick the right zone by hand."},
		stepRestartWPS,
	},
}

var cacheSteps = osSteps{
	oWindows: {
		Text{"完全退出 WPS（包括任务栏右下角托盘里的 WPS 图标）。", "Quit WPS completely, including its icon in the notification area."},
		Text{"按 Win+R，输入 %appdata%\\Kingsoft\\WPS Office\\ 后回车。", "Press Win+R, type %appdata%\\Kingsoft\\WPS Office\\ and press Enter."},
		Text{"删除其中的 user.config 文件或临时缓存文件（不放心的话，先复制一份到桌面备份）。", "Delete user.config or the temporary cache files there (copy them to the desktop first if you want a backup)."},
		stepRestartWPS,
	},
	oMacOS: {
		Text{"按 ⌘Q 完全退出 WPS Office。", "Quit WPS Office completely with ⌘Q."},
		Text{"在访达中按 ⇧⌘G，前往 ~/Library/Preferences/。", "In Finder press ⇧⌘G and go to ~/Library/Preferences/."},
		Text{"删除其中的 com.kingsoft.wpsoffice.plist（完整路径是 ~/Library/Preferences/com.kingsoft.wpsoffice.plist）。", "Delete com.kingsoft.wpsoffice.plist there (full path ~/Library/Preferences/com.kingsoft.wpsoffice.plist)."},
		Text{"重新打开 WPS 并登录；如果还不行，注销或重启一次 Mac 后再试。", "Reopen WPS and sign in; if it still fails, log out or restart the Mac and try again."},
	},
	oLinux: {
		Text{"退出 WPS。", "Quit WPS."},
		Text{"WPS 的用户配置一般在 ~/.config/Kingsoft/ 下（例如其中的 Office.conf，具体位置随版本可能不同）。先把这个文件夹改名备份，例如 mv ~/.config/Kingsoft ~/.config/Kingsoft.bak。", "WPS usually keeps its user settings under ~/.config/Kingsoft/ (for example Office.conf; the exact place may differ between versions). Rename the folder as a backup, e.g. mv ~/.config/Kingsoft ~/.config/Kingsoft.bak."},
		Text{"重新打开 WPS 并登录；确认正常后再删除备份。", "Reopen WPS and sign in; delete the backup once everything works."},
	},
	oChromeOS: {
		Text{"ChromeOS 上一般用的是安卓版 WPS：打开「设置」→「应用」→「管理应用」→「WPS Office」。", "On ChromeOS WPS is usually the Android app: open Settings → Apps → Manage your apps → WPS Office."},
		Text{"清除它的缓存和存储空间，或者卸载后从 Google Play 重新安装。", "Clear its cache and storage, or uninstall it and reinstall from Google Play."},
	},
	oAndroid: {
		Text{"打开「设置」→「应用」→「WPS Office」→「存储」，点「清除缓存」。", "Open Settings → Apps → WPS Office → Storage and tap “Clear cache”."},
		Text{"还不行就点「清除数据」（会退出登录，本机未同步的文档请先备份），或者卸载后从应用商店重新安装。", "If that does not help, tap “Clear data” (this signs you out; back up unsynced local files first), or uninstall and reinstall from the app store."},
	},
	oIOS: {
		Text{"iOS 不能单独清除 App 缓存：打开「设置」→「通用」→「iPhone 储存空间」→「WPS Office」，点「卸载 App」（保留文稿与数据）后重新安装。", "iOS cannot clear one app's cache: open Settings → General → iPhone Storage → WPS Office, tap “Offload App” (keeps documents and data), then reinstall it."},
		Text{"还不行就删除 App，再从 App Store 重新安装。", "If that does not help, delete the app and reinstall it from the App Store."},
	},
	oIPadOS: {
		Text{"iPadOS 不能单独清除 App 缓存：打开「设置」→「通用」→「iPad 储存空间」→「WPS Office」，点「卸载 App」（保留文稿与数据）后重新安装。", "iPadOS cannot clear one app's cache: open Settings → General → iPad Storage → WPS Office, tap “Offload App” (keeps documents and data), then reinstall it."},
		Text{"还不行就删除 App，再从 App Store 重新安装。", "If that does not help, delete the app and reinstall it from the App Store."},
	},
	oHarmonyOS: {
		Text{"打开「设置」→「应用和服务」→「应用管理」→「WPS Office」→「存储」，点「清空缓存」（菜单名称随系统版本略有不同）。", "Open Settings → Apps & services → Apps → WPS Office → Storage and tap “Clear cache” (names vary a little between versions)."},
		Text{"还不行就卸载 WPS，从「应用市场」（AppGallery）重新安装。", "If that does not help, uninstall WPS and reinstall it from AppGallery."},
	},
	oDefault: {
		Text{"退出 WPS，在系统的应用设置里清除 WPS 的缓存。", "Quit WPS and clear its cache in the system's app settings."},
		Text{"还不行就卸载后从官方渠道重新安装。", "If that does not help, uninstall it and reinstall from an official source."},
	},
}

var updateSteps = osSteps{
	oWindows: {
		Text{"在 WPS 里打开「帮助」→「检查更新」（新版可能在右上角菜单或「设置」里），安装最新版本后重启 WPS。", "In WPS, open Help → Check for updates (newer versions keep it in the top-right menu or Settings), install the latest version and restart WPS."},
	},
	oMacOS: {
		Text{"在 WPS 里打开「帮助」→「检查更新」；从 Mac App Store 安装的，就在 App Store 的「更新」里更新。", "In WPS, open Help → Check for updates; if it came from the Mac App Store, update it under Updates there."},
	},
	oLinux: {
		Text{"在 WPS 里打开「帮助」→「检查更新」；如果没有这一项，就到 WPS 官网下载最新的 Linux 安装包（.deb 或 .rpm）覆盖安装。", "In WPS, open Help → Check for updates; if there is no such item, download the latest Linux package (.deb or .rpm) from the WPS website and install it over the old one."},
	},
	oChromeOS: {
		Text{"打开 Google Play，搜索 WPS Office 并更新。", "Open Google Play, find WPS Office and update it."},
	},
	oAndroid: {
		Text{"打开手机的应用商店（或 Google Play），搜索 WPS Office 并更新到最新版。", "Open your phone's app store (or Google Play), find WPS Office and update it."},
	},
	oIOS: {
		Text{"打开 App Store，点右上角的头像，在待更新列表里更新 WPS Office。", "Open the App Store, tap your picture at the top right and update WPS Office in the list."},
	},
	oIPadOS: {
		Text{"打开 App Store，点右上角的头像，在待更新列表里更新 WPS Office。", "Open the App Store, tap your picture at the top right and update WPS Office in the list."},
	},
	oHarmonyOS: {
		Text{"打开「应用市场」（AppGallery），搜索 WPS Office 并更新；HarmonyOS NEXT 设备需要安装鸿蒙版 WPS。", "Open AppGallery, find WPS Office and update it; HarmonyOS NEXT devices need the HarmonyOS edition of WPS."},
	},
	oDefault: {
		Text{"桌面版在 WPS 的「帮助」→「检查更新」里更新；手机版到应用商店更新。", "On a computer use Help → Check for updates in WPS; on a phone update it in the app store."},
	},
}

// reinstallSteps are the desktop reinstall steps; on phones and tablets the
// cache steps already end in a reinstall, so their slots are empty (not
// nil: they must not fall back to the default).
var reinstallSteps = osSteps{
	oChromeOS:  {},
	oAndroid:   {},
	oIOS:       {},
	oIPadOS:    {},
	oHarmonyOS: {},
	oWindows: {
		Text{"在「设置」→「应用」里卸载 WPS Office。", "Uninstall WPS Office in Settings → Apps."},
		Text{"把残留的 %appdata%\\Kingsoft 文件夹改名备份或删除。", "Rename (as a backup) or delete the leftover %appdata%\\Kingsoft folder."},
		Text{"从 WPS 官网（www.wps.cn）下载最新安装包重新安装，不要用第三方下载站的安装包。", "Download the latest installer from the WPS website (www.wps.cn) and install it; avoid third-party download sites."},
	},
	oMacOS: {
		Text{"把 WPS Office 拖到废纸篓，并删除 ~/Library/Preferences/com.kingsoft.wpsoffice.plist。", "Move WPS Office to the Trash and delete ~/Library/Preferences/com.kingsoft.wpsoffice.plist."},
		Text{"从 Mac App Store 或 WPS 官网重新安装。", "Reinstall it from the Mac App Store or the WPS website."},
	},
	oLinux: {
		Text{"用包管理器卸载（例如 sudo apt remove wps-office），把 ~/.config/Kingsoft 改名备份。", "Remove it with the package manager (e.g. sudo apt remove wps-office) and rename ~/.config/Kingsoft as a backup."},
		Text{"从 WPS 官网下载最新的 Linux 安装包重新安装。", "Reinstall it from the latest Linux package on the WPS website."},
	},
	oDefault: {
		Text{"卸载 WPS，清掉残留文件后，从官方渠道重新安装。", "Uninstall WPS, remove the leftover files and reinstall it from an official source."},
	},
}

var systemUpdateSteps = osSteps{
	oWindows: {Text{"在「设置」→「Windows 更新」里装好系统更新，补齐客户端需要的系统组件。", "Install pending updates in Settings → Windows Update so the system components the app needs are present."}},
	oMacOS:   {Text{"在「系统设置」→「通用」→「软件更新」里装好系统更新。", "Install pending updates in System Settings → General → Software Update."}},
}

var proxySteps = osSteps{
	oWindows: {
		Text{"关闭 VPN 和各类“加速器”软件。", "Turn off VPNs and “accelerator” tools."},
		Text{"打开「设置」→「网络和 Internet」→「代理」，关闭不需要的代理（单位要求使用的除外）。", "Open Settings → Network & internet → Proxy and turn off proxies you do not need (unless your organisation requires one)."},
		Text{"暂时退出杀毒或安全软件，或在其中把 WPS 加入信任名单，然后再试。", "Pause antivirus or security software for a moment, or add WPS to its trusted list, then try again."},
	},
	oMacOS: {
		Text{"关闭 VPN 和代理类 App。", "Turn off VPN and proxy apps."},
		Text{"打开「系统设置」→「网络」→ 当前网络 →「详细信息」→「代理」，关掉不需要的代理。", "Open System Settings → Network → your network → Details → Proxies and turn off proxies you do not need."},
		Text{"检查「网络」→「防火墙」和第三方安全软件有没有拦截 WPS。", "Check Network → Firewall and any third-party security software for blocks on WPS."},
	},
	oLinux: {
		Text{"关闭 VPN；在「设置」→「网络」→「网络代理」里选「禁用」，并检查 http_proxy、https_proxy 等环境变量。", "Turn off the VPN; set Settings → Network → Network Proxy to Disabled and check the http_proxy and https_proxy variables."},
		Text{"检查防火墙（如 ufw、firewalld）是否拦截了对外的 443 端口。", "Check whether a firewall (such as ufw or firewalld) blocks outgoing port 443."},
	},
	oChromeOS: {
		Text{"打开「设置」→「网络」→ 当前网络 →「代理」，选「直接连接到互联网」；关闭 VPN。", "Open Settings → Network → your network → Proxy, choose a direct internet connection, and turn off any VPN."},
	},
	oAndroid: {
		Text{"在通知栏或「设置」→「网络」→「VPN」里关闭 VPN。", "Turn off the VPN from the quick settings or Settings → Network → VPN."},
		Text{"在当前 Wi-Fi 的详情里把「代理」设为「无」。", "In the current Wi-Fi's details, set Proxy to None."},
		Text{"检查手机管家或安全软件有没有禁止 WPS 联网。", "Check that a phone manager or security app does not stop WPS from going online."},
	},
	oIOS: {
		Text{"在「设置」→「通用」→「VPN与设备管理」里关闭 VPN。", "Turn off the VPN in Settings → General → VPN & Device Management."},
		Text{"在「设置」→「无线局域网」→ 当前网络旁的 ⓘ →「配置代理」里选「关闭」。", "In Settings → Wi-Fi, tap ⓘ next to your network → Configure Proxy → Off."},
	},
	oIPadOS: {
		Text{"在「设置」→「通用」→「VPN与设备管理」里关闭 VPN。", "Turn off the VPN in Settings → General → VPN & Device Management."},
		Text{"在「设置」→「无线局域网」→ 当前网络旁的 ⓘ →「配置代理」里选「关闭」。", "In Settings → Wi-Fi, tap ⓘ next to your network → Configure Proxy → Off."},
	},
	oHarmonyOS: {
		Text{"在控制中心或「设置」里关闭 VPN。", "Turn off the VPN in Control Panel or Settings."},
		Text{"在当前 WLAN 的详情里把「代理」设为「无」。", "In the current WLAN's details, set Proxy to None."},
		Text{"在「设置」→「移动网络」→「流量管理」（或「应用联网」）里确认 WPS 可以联网。", "In Settings → Mobile network → Data usage (or App network access), make sure WPS may go online."},
	},
	oDefault: {
		Text{"关闭 VPN 和代理，暂时退出防火墙或安全软件后再试。", "Turn off VPNs and proxies and pause the firewall or security software, then try again."},
	},
}

var inAppSteps = osSteps{
	oAndroid: {
		Text{"点右上角的「···」（或「⋮」），选「在浏览器打开」，用手机自带的浏览器完成登录。", "Tap “···” (or “⋮”) at the top right and choose “Open in browser” to finish in the phone's own browser."},
		Text{"菜单里没有这一项的话，点「复制链接」，再粘贴到浏览器里打开。", "If the menu has no such item, tap “Copy link” and paste it into a browser."},
	},
	oHarmonyOS: {
		Text{"点右上角的「···」，选「在浏览器打开」，用系统浏览器完成登录。", "Tap “···” at the top right and choose “Open in browser” to finish in the system browser."},
		Text{"菜单里没有这一项的话，点「复制链接」，再粘贴到浏览器里打开。", "If the menu has no such item, tap “Copy link” and paste it into a browser."},
	},
	oIOS: {
		Text{"点右上角的「···」，选「在 Safari 中打开」（钉钉、飞书等可能写作「在浏览器中打开」）。", "Tap “···” at the top right and choose “Open in Safari” (DingTalk, Feishu and others may say “Open in browser”)."},
		Text{"菜单里没有这一项的话，点「复制链接」，再粘贴到 Safari 里打开。", "If the menu has no such item, tap “Copy link” and paste it into Safari."},
	},
	oIPadOS: {
		Text{"点右上角的「···」，选「在 Safari 中打开」（钉钉、飞书等可能写作「在浏览器中打开」）。", "Tap “···” at the top right and choose “Open in Safari” (DingTalk, Feishu and others may say “Open in browser”)."},
		Text{"菜单里没有这一项的话，点「复制链接」，再粘贴到 Safari 里打开。", "If the menu has no such item, tap “Copy link” and paste it into Safari."},
	},
	oWindows: {
		Text{"点窗口右上角的「在默认浏览器中打开」图标或「···」菜单，用电脑上的浏览器（如 Edge、Chrome）打开。", "Click the “Open in default browser” icon or the “···” menu at the top right of the window to open the page in Edge, Chrome or another browser."},
	},
	oMacOS: {
		Text{"点窗口右上角的「在默认浏览器中打开」图标或「···」菜单，用 Safari 或 Chrome 打开。", "Click the “Open in default browser” icon or the “···” menu at the top right of the window to open the page in Safari or Chrome."},
	},
	oDefault: {
		Text{"在 App 的「···」菜单里选「在浏览器打开」；没有这一项就复制链接到浏览器里打开。", "Choose “Open in browser” in the app's “···” menu, or copy the link into a browser."},
	},
}

var cookieSteps = osSteps{
	oIOS: {
		Text{"打开「设置」→「Safari 浏览器」，关闭「阻止所有 Cookie」。", "Open Settings → Safari and turn off “Block All Cookies”."},
		Text{"如果在用无痕浏览，切回普通窗口。", "If you are in a private window, switch to a normal one."},
	},
	oIPadOS: {
		Text{"打开「设置」→「Safari 浏览器」，关闭「阻止所有 Cookie」。", "Open Settings → Safari and turn off “Block All Cookies”."},
		Text{"如果在用无痕浏览，切回普通窗口。", "If you are in a private window, switch to a normal one."},
	},
	oMacOS: {
		Text{"Safari：打开「设置」→「隐私」，取消勾选「阻止所有 Cookie」。", "Safari: open Settings → Privacy and untick “Block all cookies”."},
		Text{"Chrome 或 Edge：在设置的「隐私和安全」里允许 Cookie，或把 [*.]wps.cn、[*.]kdocs.cn 加入允许列表。", "Chrome or Edge: allow cookies under Privacy and security, or add [*.]wps.cn and [*.]kdocs.cn to the allowed sites."},
		Text{"如果在用无痕窗口，切回普通窗口。", "If you are in a private window, switch to a normal one."},
	},
	oAndroid: {
		Text{"在浏览器的「设置」→「网站设置」（或「隐私」）→「Cookie」里允许 Cookie。", "In the browser's Settings → Site settings (or Privacy) → Cookies, allow cookies."},
		Text{"退出无痕模式后再试。", "Leave private (incognito) mode and try again."},
	},
	oHarmonyOS: {
		Text{"在浏览器的「设置」→「隐私与安全」里允许 Cookie。", "In the browser's Settings → Privacy & security, allow cookies."},
		Text{"退出无痕模式后再试。", "Leave private mode and try again."},
	},
	oDefault: {
		Text{"Chrome 或 Edge：在设置的「隐私和安全」（Edge 为「Cookie 和网站权限」）里允许 Cookie，或把 [*.]wps.cn、[*.]kdocs.cn 加入允许列表。", "Chrome or Edge: allow cookies under Privacy and security (Edge: Cookies and site permissions), or add [*.]wps.cn and [*.]kdocs.cn to the allowed sites."},
		Text{"Firefox：在「设置」→「隐私与安全」里选「标准」，或为 wps.cn 添加例外。", "Firefox: choose Standard under Settings → Privacy & Security, or add an exception for wps.cn."},
		Text{"退出无痕窗口后再试。", "Leave the private window and try again."},
	},
}

var outdatedSteps = osSteps{
	oWindows: {
		Text{"更新浏览器：在 Chrome 或 Edge 的「设置」→「关于」页面会自动检查更新。", "Update the browser: Chrome's or Edge's Settings → About page checks for updates by itself."},
		Text{"不要用 IE 打开 WPS 网页；Windows 7 等老系统装不了新版浏览器，可以改用手机登录。", "Do not use Internet Explorer for WPS; old systems such as Windows 7 cannot run current browsers, so try your phone instead."},
	},
	oMacOS: {
		Text{"Safari 随 macOS 一起更新：「系统设置」→「通用」→「软件更新」；也可以安装最新版 Chrome 或 Edge。", "Safari updates with macOS (System Settings → General → Software Update); you can also install the latest Chrome or Edge."},
	},
	oLinux: {
		Text{"用发行版的软件更新，或浏览器官方的软件源，把浏览器升级到最新版。", "Update the browser with your distribution's updater or the browser's own repository."},
	},
	oChromeOS: {
		Text{"打开「设置」→「关于 ChromeOS」→「检查更新」。", "Open Settings → About ChromeOS → Check for updates."},
	},
	oAndroid: {
		Text{"在应用商店里更新浏览器和「Android System WebView」。", "Update the browser and “Android System WebView” in the app store."},
	},
	oIOS: {
		Text{"Safari 随 iOS 一起更新：「设置」→「通用」→「软件更新」。", "Safari updates with iOS: Settings → General → Software Update."},
	},
	oIPadOS: {
		Text{"Safari 随 iPadOS 一起更新：「设置」→「通用」→「软件更新」。", "Safari updates with iPadOS: Settings → General → Software Update."},
	},
	oHarmonyOS: {
		Text{"在「应用市场」里更新浏览器，并在「设置」→「系统和更新」→「软件更新」里更新系统。", "Update the browser in AppGallery and the system in Settings → System & updates → Software update."},
	},
	oDefault: {
		Text{"把浏览器更新到最新版本，或换用新版 Chrome、Edge、Firefox、Safari。", "Update the browser, or switch to a current Chrome, Edge, Firefox or Safari."},
	},
}

// Step tables are indexed by these OS slots (static data, no map).
const (
	oDefault = iota
	oWindows
	oMacOS
	oLinux
	oChromeOS
	oAndroid
	oIOS
	oIPadOS
	oHarmonyOS
	osSlots
)

// osSteps holds steps per OS slot; an empty slot falls back to oDefault
// (and iPadOS to iOS first).
type osSteps [osSlots][]Text

var slotOS = [osSlots]OS{OSDefault, OSWindows, OSMacOS, OSLinux, OSChromeOS, OSAndroid, OSIOS, OSIPadOS, OSHarmonyOS}

func (t *osSteps) forSlot(i int) []Text {
	if t[i] != nil {
		return t[i]
	}
	if i == oIPadOS && t[oIOS] != nil {
		return t[oIOS]
	}
	return t[oDefault]
}

// mergeSteps concatenates the step tables for every OS that any of them
// names, each table falling back to its default.
func mergeSteps(parts []*osSteps) map[OS][]Text {
	out := map[OS][]Text{}
	for i := 0; i < osSlots; i++ {
		named := i == oDefault
		for _, p := range parts {
			named = named || p[i] != nil
		}
		if !named {
			continue
		}
		var steps []Text
		for _, p := range parts {
			steps = append(steps, p.forSlot(i)...)
		}
		out[slotOS[i]] = steps
	}
	return out
}

// entrySpec is the static form of an Entry.
type entrySpec struct {
	id    FindingID
	title Text
	why   Text
	steps []*osSteps
	seed  []string
}

var kbSpecs = []entrySpec{
	{id: FindingOffline,
		title: Text{"设备没有连上网络", "This device is offline"},
		why: Text{"本页的服务器和国内外的常用网站都连不上，说明问题在你这边的网络，而不是 WPS：没有网络就无法登录。",
			"Neither this page's server nor big websites at home or abroad answered, so the problem is your connection, not WPS: without a network you cannot sign in."},
		steps: []*osSteps{&osSteps{
			oDefault: {
				Text{"检查 Wi-Fi、网线或手机数据是否已连上，并关闭飞行模式。", "Check that Wi-Fi, the cable or mobile data is connected and flight mode is off."},
				Text{"用浏览器打开任意一个网站，确认能不能上网。", "Open any website in a browser to see whether you are online."},
			},
			oWindows: {
				Text{"点任务栏右下角的网络图标，确认已连上网络；不行就打开「设置」→「网络和 Internet」→「高级网络设置」→「网络重置」（会重新安装网卡，需要重启）。", "Click the network icon on the taskbar to check the connection; if needed use Settings → Network & internet → Advanced network settings → Network reset (reinstalls adapters and restarts)."},
				Text{"用浏览器打开任意一个网站，确认能不能上网。", "Open any website in a browser to see whether you are online."},
			},
			oIOS: {
				Text{"从右上角下拉打开控制中心，确认飞行模式已关闭、Wi-Fi 或蜂窝数据已打开。", "Swipe down from the top right for Control Center and check that flight mode is off and Wi-Fi or mobile data is on."},
				Text{"在「设置」→「蜂窝网络」里确认允许 WPS Office 使用数据。", "In Settings → Mobile Data, make sure WPS Office may use data."},
			},
			oAndroid: {
				Text{"下拉通知栏，确认飞行模式已关闭、Wi-Fi 或移动数据已打开。", "Pull down the quick settings and check that flight mode is off and Wi-Fi or mobile data is on."},
				Text{"在「设置」→「应用」→「WPS Office」→「移动数据和 Wi-Fi」里确认允许联网。", "In Settings → Apps → WPS Office → Mobile data & Wi-Fi, make sure it may go online."},
			},
		}, &osSteps{oDefault: {Text{"重启路由器或设备后再试。", "Restart the router or the device and try again."}, stepPublicWiFi, stepRecheck}}},
		seed: []string{"cause_1_network", "basic_1_network", "fix_3_network_proxy", "prev_5_network"},
	},
	{id: FindingWPSBlocked,
		title: Text{"网络能用，但连不上 WPS", "The internet works, but WPS is blocked"},
		why: Text{"你的设备能上网（至少能打开本页），却连不上 WPS 的服务器，而从外面看 WPS 并没有出故障。常见原因是公司或学校网络的限制、防火墙、代理、VPN、安全软件或浏览器拦截插件。",
			"Your device is online (it opened this page at least) but cannot reach the WPS servers, while nothing shows WPS itself is down. The usual causes are company or school network rules, a firewall, a proxy, a VPN, security software or a blocker extension."},
		steps: []*osSteps{&osSteps{oDefault: {stepBlockerOff}}, &proxySteps, &osSteps{oDefault: {stepPublicWiFi, stepAdminAllow, stepTryMobile, stepRecheck}}},
		seed:  []string{"cause_1_network", "cause_6_third_party", "basic_1_network", "fix_3_network_proxy"},
	},
	{id: FindingWPSServiceIssue,
		title: Text{"WPS 服务暂时异常，不是你的问题", "WPS is having trouble right now — it is not you"},
		why: Text{"我们的服务器在同一时间访问 WPS 也失败了：WPS 可能在维护升级或临时故障。这种情况改你的设置没有用。",
			"Our server could not reach WPS at the same time either: WPS is probably under maintenance or has a temporary fault. Changing your settings will not help."},
		steps: []*osSteps{&osSteps{oDefault: {Text{"先不用改任何设置，过 15～30 分钟再试。", "Change nothing for now; try again in 15 to 30 minutes."},
			Text{"留意 WPS 官网或官方微博、公众号的维护公告。", "Watch the WPS website or its official social accounts for maintenance notices."},
			Text{"急用的文档可以先用电脑上的本地文件继续工作。", "If a document is urgent, keep working on a local copy meanwhile."},
			Text{"联系客服时附上本页的支持码，方便确认故障范围。", "When you contact support, include this page's support code so they can confirm the outage."}}}},
		seed: []string{"cause_7_service", "faq_4_cloud_docs"},
	},
	{id: FindingLoginUnreachable,
		title: Text{"只有 WPS 登录服务器连不上", "Only the WPS login servers are unreachable"},
		why: Text{"网络本身是通的，WPS 的其他服务也能访问，只有登录服务器（account.wps.cn 等）连不上，多半是被防火墙、代理、安全软件或拦截插件单独拦住了。",
			"The network works and other WPS services answer, but the login servers (account.wps.cn and others) do not: most likely a firewall, proxy, security software or blocker extension singles them out."},
		steps: []*osSteps{&osSteps{oDefault: {stepBlockerOff}}, &proxySteps, &osSteps{oDefault: {stepAdminAllow, stepTryMobile, stepRecheck}}},
		seed:  []string{"cause_6_third_party", "fix_3_network_proxy"},
	},
	{id: FindingNetworkSlow,
		title: Text{"网络很慢或不稳定", "The network is slow or unstable"},
		why: Text{"能连上，但响应很慢；登录过程中一旦超时，就会卡住或失败。",
			"Things answer, but slowly; if sign-in times out halfway, it hangs or fails."},
		steps: []*osSteps{&osSteps{oDefault: {Text{"换个网络试试，例如 Wi-Fi 和手机数据互换。", "Try another network, e.g. swap Wi-Fi and mobile data."},
			Text{"暂停下载、在线视频等占用带宽的任务。", "Pause downloads, videos and other bandwidth-heavy tasks."},
			Text{"靠近路由器，或者重启一下路由器。", "Move closer to the router or restart it."},
			Text{"关闭 VPN 或“加速器”，它们可能让连接绕远路。", "Turn off VPNs or “accelerators”: they can send traffic the long way round."},
			Text{"网络稳定后再登录。", "Sign in once the connection is steady."},
			stepRecheck}}},
		seed: []string{"cause_1_network", "faq_2_login_hangs", "prev_5_network"},
	},
	{id: FindingClockSkew,
		title: Text{"设备时间不准", "The device clock is wrong"},
		why: Text{"登录时的安全校验会比对时间，设备时钟偏差太大时，WPS 会拒绝登录，或者登录后马上失效。",
			"The sign-in security check compares clocks; when the device clock is far off, WPS refuses the sign-in or drops it right away."},
		steps: []*osSteps{&timeSyncSteps, &osSteps{oDefault: {stepRecheck}}},
		seed:  []string{"cause_4_system_time", "fix_4_time_sync"},
	},
	{id: FindingTimezoneWrong,
		title: Text{"时区设错了", "The time zone is wrong"},
		why: Text{"设备上显示的钟点看起来是对的，但时区设错了，所以设备换算出的标准时间整整差了几个小时，登录的安全校验因此失败。",
			"The time on screen looks right but the time zone is wrong, so the device's idea of universal time is off by whole hours and the sign-in security check fails."},
		steps: []*osSteps{&osSteps{oDefault: {stepDontTurnBack}}, &timeSyncSteps, &osSteps{oDefault: {stepRecheck}}},
		seed:  []string{"cause_4_system_time", "fix_4_time_sync"},
	},
	{id: FindingInAppBrowser,
		title: Text{"正在 App 的内置浏览器里打开", "You are inside an app's built-in browser"},
		why: Text{"微信、钉钉、QQ、飞书等 App 的内置浏览器常常限制弹窗、Cookie 和跳转，网页登录容易卡住或失败。换到系统浏览器里登录更可靠。",
			"Built-in browsers of apps such as WeChat, DingTalk, QQ or Feishu often restrict pop-ups, cookies and redirects, so web sign-in tends to hang or fail. The system browser is more reliable."},
		steps: []*osSteps{&inAppSteps, &osSteps{oDefault: {stepRecheck}}},
		seed:  []string{"basic_3_web_login", "fix_7_web_or_mobile"},
	},
	{id: FindingCookiesDisabled,
		title: Text{"浏览器禁用了 Cookie", "Cookies are turned off in this browser"},
		why: Text{"网页登录要靠 Cookie 记住登录状态；Cookie 被禁用时，登录后会立刻掉线，或者一直回到登录页。",
			"Web sign-in relies on cookies to stay signed in; with cookies off you are thrown out right after signing in, or sent back to the sign-in page again and again."},
		steps: []*osSteps{&cookieSteps, &osSteps{oDefault: {stepRecheck}}},
		seed:  []string{"basic_3_web_login"},
	},
	{id: FindingStorageBlocked,
		title: Text{"浏览器不允许网站保存数据", "The browser does not let sites store data"},
		why: Text{"无痕模式或禁止网站数据的设置，会让网页版 WPS 无法保存登录信息和设置。",
			"Private mode or a setting that blocks site data keeps the WPS web pages from saving sign-in details and settings."},
		steps: []*osSteps{&cookieSteps, &osSteps{oDefault: {Text{"清除本网站的数据后刷新页面。", "Clear this site's data and reload the page."},
			stepRecheck}}},
		seed: []string{"basic_3_web_login"},
	},
	{id: FindingBrowserOutdated,
		title: Text{"浏览器版本太旧", "The browser is too old"},
		why: Text{"WPS 的网页版和登录页面需要较新的浏览器，老版本可能打不开登录页，或者点了没反应。",
			"The WPS web pages and sign-in need a reasonably recent browser; old ones may fail to show the sign-in page or ignore clicks."},
		steps: []*osSteps{&outdatedSteps, &osSteps{oDefault: {stepRecheck}}},
		seed:  []string{"basic_3_web_login", "prev_1_keep_updated"},
	},
	{id: FindingInsecureContext,
		title: Text{"页面没有通过安全连接打开", "This page is not on a secure connection"},
		why: Text{"本页不是通过 HTTPS 打开的。WPS 的登录页面一律使用 HTTPS；如果链接被改成了 http://，可能是网络中的设备在篡改流量。",
			"This page was not opened over HTTPS. WPS sign-in pages always use HTTPS; if the link was turned into http://, something on the network may be tampering with traffic."},
		steps: []*osSteps{&osSteps{oDefault: {Text{"确认地址栏以 https:// 开头，并且是客服发给你的完整链接。", "Check that the address starts with https:// and is the full link support sent you."},
			Text{"如果浏览器提示证书错误，或者链接被改成了 http://，不要在这个网络里输入任何密码，改用手机数据网络再打开。", "If the browser warns about a certificate or the link became http://, do not type any password on this network; reopen the page over mobile data."},
			Text{"不要使用来路不明的“加速”“破解”工具。", "Do not use unknown “speed-up” or “cracked” tools."}}}},
		seed: []string{"prev_3_careful_third_party", "prev_5_network"},
	},
	{id: FindingPasswordRejected,
		title: Text{"提示账号或密码错误", "“Wrong account or password”"},
		why: Text{"说明登录请求已经送到 WPS，是账号或密码没有通过：最常见的是输错、大小写不对，或者用了已经改掉的旧密码。",
			"The sign-in reached WPS, and the account or password was not accepted: usually a typo, the wrong capitals, or an old password that was changed."},
		steps: []*osSteps{&osSteps{oDefault: {Text{"确认账号：注册时用的手机号或邮箱，前后不要带空格。", "Check the account: the phone number or email you registered with, with no spaces around it."},
			Text{"确认密码：注意大小写（看看大写锁定是否开着），以及输入法是否在全角状态。", "Check the password: capitals matter (is Caps Lock on?), and make sure the keyboard is not in full-width mode."},
			Text{"想一想是否在别的设备上改过密码，而这里还在用旧密码。", "Think whether you changed the password on another device and are still typing the old one here."},
			Text{"如果登录页提供手机验证码或扫码登录，可以换一种方式试试。", "If the sign-in page offers a text-message code or QR sign-in, try that instead."},
			Text{"仍然不行就点「忘记密码」重置；不要反复乱试，连续输错会触发安全锁定。", "If it still fails, use “Forgot password”; do not keep guessing, as repeated failures lock the account."}}}},
		seed: []string{"cause_2_credentials", "basic_2_account_info", "faq_1_wrong_password", "fix_1_reset_password"},
	},
	{id: FindingForgotPassword,
		title: Text{"忘记密码", "Forgotten password"},
		why: Text{"用注册时绑定的手机号或邮箱就能自己重置密码。",
			"You can reset it yourself with the phone number or email linked to the account."},
		steps: []*osSteps{&osSteps{oDefault: {Text{"在 WPS 登录界面点「忘记密码」。", "On the WPS sign-in screen, tap “Forgot password”."},
			Text{"输入注册时用的手机号或邮箱，按提示接收验证码并设置新密码。", "Enter the phone number or email you registered with, get the code and set a new password."},
			Text{"用新密码登录客户端；其他设备上也换成新密码。", "Sign in to the app with the new password, and use it on your other devices too."},
			Text{"顺手把手机号和邮箱都绑定好，以后找回更方便。", "While you are there, link both a phone number and an email so recovery is easy next time."}}}},
		seed: []string{"fix_1_reset_password", "adv_1_bind_contacts", "prev_2_bind_security_info"},
	},
	{id: FindingAccountLocked,
		title: Text{"账号被锁定或冻结", "The account is locked or frozen"},
		why: Text{"连续多次登录失败会触发安全锁定；账号异常时也可能被冻结。这只能由 WPS 解除，设备上的设置帮不上忙。",
			"Several failed sign-ins in a row trigger a security lock, and an account can also be frozen when something looks wrong. Only WPS can lift it; device settings will not help."},
		steps: []*osSteps{&osSteps{oDefault: {Text{"先停止反复尝试登录，避免锁定时间延长。", "Stop trying to sign in for now so the lock is not extended."},
			Text{"登录 WPS 官网（www.wps.cn）或在手机 App 里查看账号状态和提示。", "Check the account status and message on the WPS website (www.wps.cn) or in the phone app."},
			Text{"如果提示冻结或异常，联系 WPS 客服申请解锁，并按要求提供身份验证资料（如注册手机号）。", "If it says frozen or abnormal, contact WPS support to unlock it and provide the identity details they ask for (such as the registered phone number)."},
			Text{"解锁后修改密码，并开启双重验证。", "Once unlocked, change the password and turn on two-step verification."},
			Text{"不要在公共或不安全的网络上登录。", "Do not sign in on public or untrusted networks."}}}},
		seed: []string{"cause_5_account", "fix_6_account_status", "faq_3_account_locked", "adv_2_two_factor"},
	},
	{id: FindingLoginHangs,
		title: Text{"登录界面卡住或没反应", "The sign-in screen hangs"},
		why: Text{"多半是客户端缓存出错、版本太旧，或者网络不稳定。",
			"Usually a broken client cache, an outdated app, or an unstable network."},
		steps: []*osSteps{&osSteps{oDefault: {Text{"先看本页的网络检测结果：网络不稳定的话，先解决网络。", "Look at this page's network results first: fix the network if it is unstable."}}}, &updateSteps, &cacheSteps, &osSteps{oDefault: {Text{"还不行就重启电脑或手机后再试。", "If it still hangs, restart the computer or phone and try again."}}}},
		seed:  []string{"faq_2_login_hangs", "fix_5_clear_cache", "fix_2_update_reinstall", "basic_4_restart"},
	},
	{id: FindingCloudDocs,
		title: Text{"打不开云文档", "Cloud documents will not open"},
		why: Text{"云文档要靠网络和 WPS 云服务；网络或服务出问题，或者设备之间没有同步，都会打不开。",
			"Cloud documents depend on the network and the WPS cloud service; a problem with either, or devices that are out of sync, keeps them closed."},
		steps: []*osSteps{&osSteps{oDefault: {Text{"先看本页对「WPS 云盘」「WPS 云文档服务」的检测结果，确认网络连接正常。", "Check this page's results for the WPS cloud drive and cloud documents service to confirm the connection."},
			Text{"确认 WPS 云服务是否正常：本页会显示服务器一侧的检测结果。", "Check whether the WPS cloud service is up: this page shows the server-side check."},
			Text{"在浏览器里打开金山文档网页版（www.kdocs.cn）或用手机 App 打开同一份文档。", "Open the same document in Kdocs on the web (www.kdocs.cn) or in the phone app."},
			Text{"确保各设备登录的是同一个账号，并已同步到最新。", "Make sure every device is signed in to the same account and fully synced."}}}},
		seed: []string{"faq_4_cloud_docs", "fix_7_web_or_mobile", "adv_5_multi_device"},
	},
	{id: FindingClientProblem,
		title: Text{"WPS 客户端出错或闪退", "The WPS app shows errors or crashes"},
		why: Text{"客户端版本过旧、安装损坏、配置文件出错，或系统缺少组件，都会让登录出问题；网页版能登上，就基本可以确定是客户端的问题。",
			"An outdated app, a damaged installation, a broken configuration file or missing system components all break sign-in; if the web sign-in works, the app is almost certainly the problem."},
		steps: []*osSteps{&osSteps{oDefault: {Text{"先在浏览器里登录 WPS 官网或用手机 App 登录，确认账号本身正常。", "First sign in on the WPS website or in the phone app to make sure the account itself is fine."}}}, &updateSteps, &cacheSteps, &reinstallSteps, &systemUpdateSteps, &osSteps{oDefault: {Text{"只用官方渠道下载的安装包。", "Only use installers from official sources."}}}},
		seed:  []string{"cause_3_client", "cause_4_system_time", "fix_2_update_reinstall", "fix_5_clear_cache", "fix_7_web_or_mobile", "adv_4_official_download"},
	},
	{id: FindingNoIssueFound,
		title: Text{"这台设备上没有发现问题", "Nothing wrong found on this device"},
		why: Text{"网络、时间和浏览器都正常，WPS 也能连上。登录仍然失败的话，问题更可能在客户端或账号本身。",
			"The network, clock and browser look fine and WPS answers. If sign-in still fails, the app or the account itself is the likelier cause."},
		steps: []*osSteps{&osSteps{oDefault: {Text{"先试试网页版：在浏览器里登录 WPS 官网；能登上说明账号正常。", "Try the web first: sign in on the WPS website; if that works, the account is fine."}}}, &updateSteps, &cacheSteps, &osSteps{oDefault: {Text{"密码记不清就用「忘记密码」重置。", "If you are unsure of the password, reset it with “Forgot password”."},
			Text{"在 WPS 官网查看账号状态；提示冻结或异常就联系客服。", "Check the account status on the WPS website; contact support if it says frozen or abnormal."},
			Text{"换网页版或手机 App 登录，判断问题是否只出在一个客户端上。", "Sign in on the web or the phone app to see whether only one app is affected."}}}},
		seed: []string{"basic_3_web_login", "basic_4_restart", "fix_2_update_reinstall", "fix_5_clear_cache", "fix_1_reset_password", "fix_6_account_status", "fix_7_web_or_mobile"},
	},
	{id: FindingCheckerUnreachable,
		title: Text{"本检测页的服务器暂时连不上", "This page's server did not answer"},
		why: Text{"本页自己的服务器没有响应，所以时间检测和服务器一侧的对比可能缺失；其他检测结果仍然有效。",
			"This page's own server did not answer, so the clock check and the server-side comparison may be missing; the other results still stand."},
		steps: []*osSteps{&osSteps{oDefault: {Text{"稍后刷新本页，重新检测。", "Reload this page later and run the check again."},
			stepBlockerOff,
			Text{"把本页的结果（文字或支持码）发给客服。", "Send this page's result (text or support code) to support."}}}},
	},
	{id: FindingChecksIncomplete,
		title: Text{"检测还没有完成", "The checks have not finished"},
		why:   Text{"还没有任何一项检测完成，暂时无法判断。", "No check has finished yet, so there is nothing to judge."},
		steps: []*osSteps{&osSteps{oDefault: {Text{"稍等几秒；如果长时间没有进展，检查网络后刷新本页。", "Wait a few seconds; if nothing happens, check the network and reload the page."}}}},
	},
}

// kb is built once from kbSpecs: the texts are static data, only the
// per-OS step maps are assembled at start-up.
var kb = buildKB()

func buildKB() map[FindingID]Entry {
	m := make(map[FindingID]Entry, len(kbSpecs))
	for _, sp := range kbSpecs {
		m[sp.id] = Entry{ID: sp.id, Title: sp.title, Why: sp.why, Steps: mergeSteps(sp.steps), SeedFix: refs(sp.seed...)}
	}
	return m
}

var symptomLabels = map[Symptom]Text{
	SymptomPasswordRejected:   Text{"提示“用户名或密码错误”", "It says the account or password is wrong"},
	SymptomAccountLocked:      Text{"提示账号被锁定或冻结", "It says the account is locked or frozen"},
	SymptomLoginHangs:         Text{"登录界面卡住或没有反应", "The login screen hangs or does nothing"},
	SymptomCloudDocs:          Text{"打不开云文档", "Cloud documents will not open"},
	SymptomClientCrashOrError: Text{"WPS 客户端报错或闪退", "The WPS app shows an error or crashes"},
	SymptomForgotPassword:     Text{"忘记了密码", "I forgot my password"},
	SymptomOther:              Text{"其他情况", "Something else"},
}

var severityLabels = map[Severity]Text{
	SeverityHigh:   Text{"很可能", "Most likely"},
	SeverityMedium: Text{"可能", "Possible"},
	SeverityLow:    Text{"次要", "Minor"},
	SeverityInfo:   Text{"提示", "Note"},
}

var statusLabels = map[ProbeStatus]Text{
	StatusPending: Text{"检测中", "Checking"},
	StatusOK:      Text{"正常", "OK"},
	StatusSlow:    Text{"较慢", "Slow"},
	StatusFail:    Text{"连不上", "Failed"},
	StatusTimeout: Text{"超时", "Timed out"},
}

var verdictLabels = map[ClockVerdict]Text{
	ClockOK:      Text{"准确", "Correct"},
	ClockWarn:    Text{"略有偏差", "Slightly off"},
	ClockFail:    Text{"偏差过大", "Wrong"},
	ClockUnknown: Text{"无法判断", "Unknown"},
}

var sourceLabels = map[ClockSource]Text{
	ClockSourceNone:       Text{"无", "none"},
	ClockSourceTimeAPI:    Text{"服务器时间接口", "server time endpoint"},
	ClockSourceDateHeader: Text{"服务器响应头 Date（精度 1 秒）", "server Date header (1 s resolution)"},
}

var bucketLabels = map[ClockBucket]Text{
	ClockBucketUnknown:    Text{"未知", "unknown"},
	ClockBucketOK:         Text{"准确（相差不到 30 秒）", "correct (within 30 s)"},
	ClockBucketBehind30s:  Text{"慢了 30 秒到 2 分钟", "behind by 30 s to 2 min"},
	ClockBucketAhead30s:   Text{"快了 30 秒到 2 分钟", "ahead by 30 s to 2 min"},
	ClockBucketBehind2m:   Text{"慢了 2 到 15 分钟", "behind by 2 to 15 min"},
	ClockBucketAhead2m:    Text{"快了 2 到 15 分钟", "ahead by 2 to 15 min"},
	ClockBucketBehind15m:  Text{"慢了 15 分钟到 1 小时", "behind by 15 min to 1 h"},
	ClockBucketAhead15m:   Text{"快了 15 分钟到 1 小时", "ahead by 15 min to 1 h"},
	ClockBucketBehind1h:   Text{"慢了 1 小时到 1 天", "behind by 1 h to 1 day"},
	ClockBucketAhead1h:    Text{"快了 1 小时到 1 天", "ahead by 1 h to 1 day"},
	ClockBucketBehind1d:   Text{"慢了 1 天以上", "behind by more than 1 day"},
	ClockBucketAhead1d:    Text{"快了 1 天以上", "ahead by more than 1 day"},
	ClockBucketZoneBehind: Text{"慢了整刻钟的倍数，像是时区设错", "behind by whole quarter hours: looks like a wrong time zone"},
	ClockBucketZoneAhead:  Text{"快了整刻钟的倍数，像是时区设错", "ahead by whole quarter hours: looks like a wrong time zone"},
	ClockBucketRefSuspect: Text{"未评判：当时本检测服务器的时钟可疑", "not judged: the check server's own clock was suspect"},
}

var osLabels = map[OS]Text{
	OSUnknown:   Text{"未知系统", "Unknown system"},
	OSWindows:   Text{"Windows", "Windows"},
	OSMacOS:     Text{"macOS", "macOS"},
	OSLinux:     Text{"Linux", "Linux"},
	OSChromeOS:  Text{"ChromeOS", "ChromeOS"},
	OSAndroid:   Text{"安卓 Android", "Android"},
	OSIOS:       Text{"iOS", "iOS"},
	OSIPadOS:    Text{"iPadOS", "iPadOS"},
	OSHarmonyOS: Text{"鸿蒙 HarmonyOS", "HarmonyOS"},
	OSDefault:   Text{"其他系统", "Other systems"},
}

var browserLabels = map[Browser]Text{
	BrowserUnknown:   Text{"未知浏览器", "Unknown browser"},
	BrowserChrome:    Text{"Chrome", "Chrome"},
	BrowserEdge:      Text{"Edge", "Edge"},
	BrowserFirefox:   Text{"Firefox", "Firefox"},
	BrowserSafari:    Text{"Safari", "Safari"},
	BrowserSamsung:   Text{"三星浏览器", "Samsung Internet"},
	BrowserHuawei:    Text{"华为浏览器", "Huawei Browser"},
	BrowserQQ:        Text{"QQ 浏览器", "QQ Browser"},
	BrowserUC:        Text{"UC 浏览器", "UC Browser"},
	Browser360:       Text{"360 浏览器", "360 Browser"},
	BrowserQuark:     Text{"夸克", "Quark"},
	BrowserOpera:     Text{"Opera", "Opera"},
	BrowserSogou:     Text{"搜狗浏览器", "Sogou Browser"},
	BrowserXiaomi:    Text{"小米浏览器", "Xiaomi Browser"},
	BrowserVivo:      Text{"vivo 浏览器", "vivo Browser"},
	BrowserOppo:      Text{"OPPO 浏览器", "OPPO Browser"},
	BrowserBaidu:     Text{"百度 App/浏览器", "Baidu app/browser"},
	BrowserIE:        Text{"IE 浏览器", "Internet Explorer"},
	BrowserWebView:   Text{"应用内网页视图", "in-app web view"},
	BrowserArkWeb:    Text{"鸿蒙 ArkWeb 浏览器", "HarmonyOS ArkWeb browser"},
	BrowserYandex:    Text{"Yandex 浏览器", "Yandex Browser"},
	BrowserChromium:  Text{"Chromium", "Chromium"},
	BrowserSeaMonkey: Text{"SeaMonkey", "SeaMonkey"},
}

var inAppLabels = map[InApp]Text{
	InAppNone:     Text{"", ""},
	InAppWeChat:   Text{"微信", "WeChat"},
	InAppWxWork:   Text{"企业微信", "WeCom"},
	InAppDingTalk: Text{"钉钉", "DingTalk"},
	InAppQQ:       Text{"QQ", "QQ"},
	InAppFeishu:   Text{"飞书", "Feishu/Lark"},
	InAppAlipay:   Text{"支付宝", "Alipay"},
	InAppWeibo:    Text{"微博", "Weibo"},
}

var triLabels = map[Tri]Text{
	Yes:     Text{"是", "yes"},
	No:      Text{"否", "no"},
	Unknown: Text{"未知", "unknown"},
}
