<?php
/**
 * WooCommerce REST API keys in {prefix}woocommerce_api_keys, made the way WC_Auth::create_keys() makes them:
 * the consumer key is stored as wc_api_hash( ck ) = HMAC-SHA256( ck, 'wc-api' ), the secret as it is, and
 * truncated_key holds the key's last 7 characters.
 *
 * @package CoCartDouble
 */

declare(strict_types=1);

namespace CoCartDouble;

final class Keys {

	public const PERMISSIONS = array( 'read', 'write', 'read_write' );

	/**
	 * WooCommerce's wc_api_hash().
	 */
	public static function hash( string $data ): string {
		return hash_hmac( 'sha256', $data, 'wc-api' );
	}

	/**
	 * WooCommerce's wc_rand_hash(): 40 hex characters.
	 */
	private static function rand_hash(): string {
		return bin2hex( random_bytes( 20 ) );
	}

	/**
	 * @return array{key_id:int,consumer_key:string,consumer_secret:string,truncated_key:string}
	 */
	public static function create( int $user_id, string $permissions, string $description ): array {
		global $wpdb;
		if ( ! in_array( $permissions, self::PERMISSIONS, true ) ) {
			throw new \InvalidArgumentException(
				"Permissions must be one of read, write, read_write; got '$permissions'"
			);
		}
		Schema::maybe_install();
		$consumer_key    = 'ck_' . self::rand_hash();
		$consumer_secret = 'cs_' . self::rand_hash();
		$wpdb->insert(
			Schema::keys_table(),
			array(
				'user_id'         => $user_id,
				'description'     => $description,
				'permissions'     => $permissions,
				'consumer_key'    => self::hash( $consumer_key ),
				'consumer_secret' => $consumer_secret,
				'truncated_key'   => substr( $consumer_key, -7 ),
			),
			array( '%d', '%s', '%s', '%s', '%s', '%s' )
		);
		return array(
			'key_id'          => (int) $wpdb->insert_id,
			'consumer_key'    => $consumer_key,
			'consumer_secret' => $consumer_secret,
			'truncated_key'   => substr( $consumer_key, -7 ),
		);
	}

	/**
	 * WC_REST_Authentication::get_user_data_by_consumer_key().
	 */
	public static function find( string $consumer_key ): ?object {
		global $wpdb;
		$row = $wpdb->get_row(
			$wpdb->prepare(
				'SELECT key_id, user_id, permissions, consumer_key, consumer_secret, nonces FROM '
					. Schema::keys_table()
					. ' WHERE consumer_key = %s',
				self::hash( sanitize_text_field( $consumer_key ) )
			)
		);
		return is_object( $row ) ? $row : null;
	}
}
