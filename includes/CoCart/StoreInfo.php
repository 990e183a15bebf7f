<?php
/**
 * Facts about the store the other parts need — price decimals and currency (to turn CoCart's minor units into
 * money), the CoCart version (known bugs), and the cart counts — from one GET wc/v3/system_status (one request
 * whatever the table's size, docs/cocart-api.md#counts-and-the-bulk-tool), falling back to the public
 * GET cocart/v2/store for the version. Cached in the option cart_sessions_store_info (shared with the doctor) for
 * a day, per store URL.
 *
 * Usage: $info = StoreInfo::get( $client ); new Normaliser( $info['decimals'], $info['currency'] ).
 *
 * @package CartSessions
 */

declare(strict_types=1);

namespace CartSessions\CoCart;

final class StoreInfo {

	public const MAX_AGE = DAY_IN_SECONDS;

	/**
	 * Whether get() would answer from what is saved, without asking the store.
	 */
	public static function is_fresh( string $store ): bool {
		$cached = get_option( Doctor::STORE_INFO_OPTION, array() );
		return is_array( $cached )
			&& ( $cached['store_url'] ?? '' ) === $store
			&& isset( $cached['decimals'] )
			&& time() - (int) ( $cached['checked_at'] ?? 0 ) < self::MAX_AGE
			&& array_key_exists( 'counts', $cached );
	}

	/**
	 * @return array{store_url:string,cocart_version:string|null,decimals:int,currency:string|null,counts:array<string,int>|null,checked_at:int}
	 */
	public static function get( ?Client $client = null, bool $refresh = false ): array {
		$client = $client ?? new Client();
		$store  = $client->settings()->store_url();
		$cached = get_option( Doctor::STORE_INFO_OPTION, array() );
		$cached = is_array( $cached ) ? $cached : array();
		if ( ! $refresh && self::is_fresh( $store ) ) {
			return self::shape( $cached, $store );
		}
		$info   = array(
			'store_url'  => $store,
			'checked_at' => time(),
		);
		$status = $client->get( 'wc/v3/system_status' );
		if ( $status instanceof Response && is_array( $status->data ) ) {
			$settings = is_array( $status->data['settings'] ?? null ) ? $status->data['settings'] : array();
			$cocart   = is_array( $status->data['cocart'] ?? null ) ? $status->data['cocart'] : array();
			if ( isset( $settings['number_of_decimals'] ) && is_numeric( $settings['number_of_decimals'] ) ) {
				$info['decimals'] = (int) $settings['number_of_decimals'];
			}
			if ( is_string( $settings['currency'] ?? null ) && '' !== $settings['currency'] ) {
				$info['currency'] = $settings['currency'];
			}
			if ( is_string( $cocart['cocart_version'] ?? null ) ) {
				$info['cocart_version'] = $cocart['cocart_version'];
			}
			if ( array() !== $cocart ) {
				$counts = array();
				$names = array(
					'carts_in_session',
					'count_carts_active',
					'count_carts_expiring',
					'carts_source_headless',
					'carts_source_web',
					'carts_source_other',
				);
				foreach ( $names as $name ) {
					if ( isset( $cocart[ $name ] ) && is_numeric( $cocart[ $name ] ) ) {
						$counts[ $name ] = (int) $cocart[ $name ];
					}
				}
				$info['counts'] = $counts;
			}
		}
		if ( ! isset( $info['cocart_version'] ) ) {
			$about = $client->request( 'GET', 'cocart/v2/store', array(), array( 'anonymous' => true ) );
			if ( $about instanceof Response && is_string( $about->data['version'] ?? null ) ) {
				$info['cocart_version'] = $about->data['version'];
			}
		}
		$info += array(
			'counts' => null,
		);
		if ( $status instanceof Response ) {
			update_option( Doctor::STORE_INFO_OPTION, $info, false );
		}
		return self::shape( $info, $store );
	}

	/**
	 * @param array<string,mixed> $info
	 * @return array{store_url:string,cocart_version:string|null,decimals:int,currency:string|null,counts:array<string,int>|null,checked_at:int}
	 */
	private static function shape( array $info, string $store ): array {
		return array(
			'store_url'      => $store,
			'cocart_version' => is_string( $info['cocart_version'] ?? null ) ? $info['cocart_version'] : null,
			'decimals'       => isset( $info['decimals'] ) ? (int) $info['decimals'] : 2,
			'currency'       => is_string( $info['currency'] ?? null ) && '' !== $info['currency']
				? $info['currency']
				: null,
			'counts'         => is_array( $info['counts'] ?? null ) ? $info['counts'] : null,
			'checked_at'     => (int) ( $info['checked_at'] ?? 0 ),
		);
	}
}
