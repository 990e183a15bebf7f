<?php
/**
 * Wires the plugin's parts into WordPress.
 *
 * @package CartSessions
 */

declare(strict_types=1);

namespace CartSessions;

final class Plugin {

	/**
	 * Called on plugins_loaded, so that WooCommerce (if any) is loaded and can be detected.
	 */
	public static function boot(): void {
		( new Capability() )->register();
		( new Admin\Page() )->register();
		( new Rest\SettingsController() )->register();
		( new Rest\ConnectionController() )->register();
		( new Rest\LogController() )->register();
		( new Rest\SessionsController() )->register();
		( new Health\SiteHealth() )->register();
		( new I18n() )->register();
		( new Privacy\PolicyText() )->register();
	}
}
