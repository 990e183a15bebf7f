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
		( new Rest\RecoveryController() )->register();
		( new Health\SiteHealth() )->register();
		( new Storage\Schema() )->register();
		( new Rest\StatsController() )->register();
		( new Rest\ExportController() )->register();
		( new Insights\Cron() )->register();
		( new Rest\CleanupController() )->register();
		( new Cleanup\Schedule() )->register();
		Cleanup\Audit::listen();
		( new Cleanup\Cli() )->register();
		( new I18n() )->register();
		( new Privacy\PolicyText() )->register();
		add_filter( 'plugin_row_meta', array( self::class, 'row_meta' ), 10, 2 );
	}

	/**
	 * plugin_row_meta: deleting the plugin forgets the key pair, but the key stays valid on the store until it is
	 * revoked there — said where the administrator deletes the plugin.
	 *
	 * @param string[] $meta
	 * @param string   $file
	 * @return string[]
	 */
	public static function row_meta( $meta, $file ): array {
		$meta = (array) $meta;
		if ( plugin_basename( CART_SESSIONS_FILE ) === $file ) {
			$meta[] = esc_html__( 'Removing the plugin? Also revoke its API key on the store: WooCommerce → Settings → Advanced → REST API.', 'cart-sessions-for-cocart' ); // phpcs:ignore Generic.Files.LineLength -- one translatable sentence.
		}
		return $meta;
	}

	/**
	 * register_activation_hook: our tables, and the events that should be scheduled.
	 */
	public static function activate(): void {
		Storage\Schema::maybe_upgrade();
		Insights\Cron::schedule_daily();
		Cleanup\Schedule::arm();
	}

	/**
	 * register_deactivation_hook: every cart_sessions_ cron event goes (the schedule is re-armed on activation).
	 */
	public static function deactivate(): void {
		Cleanup\Schedule::unschedule_all();
	}
}
