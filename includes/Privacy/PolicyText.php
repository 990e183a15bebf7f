<?php
/**
 * Suggested text for the site's privacy policy (Settings → Privacy → policy guide): what the plugin keeps on this
 * site and for how long.
 *
 * No personal-data exporter or eraser: the carts and the customers' names and emails belong to the store's
 * WooCommerce/CoCart data (their own exporters and erasers cover them); this plugin only caches copies for
 * minutes to days, and its own records (audit log, run history) hold random cart keys and the IDs of the staff
 * users who deleted carts, not a customer's identity.
 *
 * @package CartSessions
 */

declare(strict_types=1);

namespace CartSessions\Privacy;

use CartSessions\Storage\Schema;

final class PolicyText {

	public function register(): void {
		add_action( 'admin_init', array( $this, 'add' ) );
	}

	public function add(): void {
		if ( function_exists( 'wp_add_privacy_policy_content' ) ) {
			wp_add_privacy_policy_content(
				__( 'Cart Sessions for CoCart', 'cart-sessions-for-cocart' ),
				self::content()
			);
		}
	}

	/**
	 * The suggested text (HTML), with this site's table names and retention periods.
	 */
	public static function content(): string {
		$paragraphs = array(
			'<strong class="privacy-policy-tutorial">' . esc_html__(
				'Suggested text:',
				'cart-sessions-for-cocart'
			) . '</strong> '
			. esc_html__(
				'Our shop staff use the Cart Sessions for CoCart plugin to see and remove the shopping carts kept by our store. It reads carts from the store through the store’s own REST API; it does not collect anything from visitors itself.', // phpcs:ignore Generic.Files.LineLength -- one translatable string.
				'cart-sessions-for-cocart'
			),
			esc_html__( 'What it keeps on this website, and for how long:', 'cart-sessions-for-cocart' ),
		);
		$items = array(
			esc_html__(
				'Connection settings: the store address and the WooCommerce REST API key pair staff entered; the secret is stored encrypted. Kept until they are changed or the plugin is deleted.', // phpcs:ignore Generic.Files.LineLength -- one translatable string.
				'cart-sessions-for-cocart'
			),
			esc_html__(
				'Temporary copies of the store’s cart list and cart details, including customers’ names and email addresses when the store has them: refreshed every few minutes and removed after at most a day (the list) or a week (cart details).', // phpcs:ignore Generic.Files.LineLength -- one translatable string.
				'cart-sessions-for-cocart'
			),
			esc_html__(
				'An optional debug log of requests to the store (time, address, result; never credentials), when staff turn it on: the latest 200 requests at most, until it is cleared or turned off.', // phpcs:ignore Generic.Files.LineLength -- one translatable string.
				'cart-sessions-for-cocart'
			),
			sprintf(
				/* translators: 1: database table name, 2: number of days */
				esc_html__(
					'An audit log of deleted carts and of restore links staff copied or emailed to customers (table %1$s): when, which staff user, the cart key and the result. Kept for %2$d days.', // phpcs:ignore Generic.Files.LineLength -- one translatable string.
					'cart-sessions-for-cocart'
				),
				'<code>' . esc_html( Schema::table( 'audit' ) ) . '</code>',
				Retention::audit_days()
			),
			sprintf(
				/* translators: 1: database table name, 2: number of days */
				esc_html__(
					'A history of cleanup runs (table %1$s): when, which staff user, the rule, how many carts were deleted, and the cart keys that could not be. Kept for %2$d days.', // phpcs:ignore Generic.Files.LineLength -- one translatable string.
					'cart-sessions-for-cocart'
				),
				'<code>' . esc_html( Schema::table( 'runs' ) ) . '</code>',
				Retention::history_days()
			),
			sprintf(
				/* translators: 1: database table name, 2: number of days */
				esc_html__(
					'Daily snapshots of cart numbers (table %1$s): counts and totals only, no customer data. Kept for %2$d days.', // phpcs:ignore Generic.Files.LineLength -- one translatable string.
					'cart-sessions-for-cocart'
				),
				'<code>' . esc_html( Schema::table( 'snapshots' ) ) . '</code>',
				Retention::history_days()
			),
		);
		$closing = esc_html__(
			'Staff can change both periods under Cart Sessions → Settings. Deleting the plugin removes all of the above. The carts themselves, and the customer data in them, are kept by the store according to its own privacy policy.', // phpcs:ignore Generic.Files.LineLength -- one translatable string.
			'cart-sessions-for-cocart'
		);

		return '<p>' . implode(
			'</p><p>',
			$paragraphs
		) . '</p><ul><li>' . implode( '</li><li>', $items ) . '</li></ul><p>' . $closing . '</p>';
	}
}
